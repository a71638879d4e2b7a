// Short figma.notify messages; Figma cuts them at 100 characters, so we do it ourselves.
const MAX_NOTIFY_CHARS = 100;

export function notifyDesigner(api: PluginAPI, message: string, error = false): void {
  const text = message.length > MAX_NOTIFY_CHARS ? message.slice(0, MAX_NOTIFY_CHARS - 1) + '…' : message;
  api.notify(text, error ? { error: true } : undefined);
}
