// The relaunch buttons of the playground's properties area, chosen for the selection the way
// Figma's properties panel chooses a plugin's relaunch buttons.

/**
 * The manifest's relaunchButtons (manifest.json). Figma shows one in the properties panel when
 * the selection carries relaunch data for its command; multipleSelection allows several nodes.
 */
export const RELAUNCH_BUTTONS = [{ command: 'regenerate', name: 'Regenerate background', multipleSelection: true }] as const;

/** The relaunch buttons Figma would offer for `selection`, with the description stored on the node. */
export function relaunchButtonsFor(selection: readonly SceneNode[]): { command: string; name: string; description: string }[] {
  const buttons: { command: string; name: string; description: string }[] = [];
  for (const button of RELAUNCH_BUTTONS) {
    if (selection.length === 0 || (selection.length > 1 && !button.multipleSelection)) continue;
    const carrier = selection.find((node) => button.command in node.getRelaunchData());
    if (carrier) buttons.push({ command: button.command, name: button.name, description: carrier.getRelaunchData()[button.command] ?? '' });
  }
  return buttons;
}
