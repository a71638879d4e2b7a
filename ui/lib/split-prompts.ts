// Turns the prompt textbox into PICPIK's prompt lists: commas or new lines separate entries.

/** `"studio, soft light\nwhite floor"` -> `['studio', 'soft light', 'white floor']`. */
export function splitPrompts(text: string): string[] {
  return text
    .split(/[,\n\r]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}
