// The receiving half of `figma.ui` (onmessage and on/once/off 'message' handlers), shared by the
// stand-in and the playground's per-run `figma` so both deliver UI messages to main the same way.
// (The product's UI -> main request channel is src/protocol/ui-channel.ts; this is Figma's side.)
type Listener = (...args: unknown[]) => unknown;

interface UiMessageReceiver {
  onmessage: Listener | undefined;
  on(type: string, cb: Listener): void;
  once(type: string, cb: Listener): void;
  off(type: string, cb: Listener): void;
}

export interface FigmaUiBridge<Send extends object> {
  /** The object handed to the plugin as `figma.ui`: the given sending side plus the receiver. */
  ui: UiMessageReceiver & Send;
  /** Hands one message from the UI to onmessage and the registered handlers (once-handlers drop off). */
  deliverFromUi(message: unknown): void;
}

export function createFigmaUiBridge<Send extends object>(sendSide: Send): FigmaUiBridge<Send> {
  const handlers: { cb: Listener; once: boolean }[] = [];
  let onmessage: Listener | undefined;
  const receiver: UiMessageReceiver = {
    get onmessage() {
      return onmessage;
    },
    set onmessage(cb: Listener | undefined) {
      onmessage = cb;
    },
    on(type: string, cb: Listener) {
      if (type === 'message') handlers.push({ cb, once: false });
    },
    once(type: string, cb: Listener) {
      if (type === 'message') handlers.push({ cb, once: true });
    },
    off(type: string, cb: Listener) {
      for (let i = handlers.length - 1; i >= 0; i -= 1) if (handlers[i]?.cb === cb) handlers.splice(i, 1);
    },
  };
  const deliverFromUi = (message: unknown): void => {
    onmessage?.(message, { origin: 'null' });
    for (const handler of [...handlers]) {
      if (handler.once) handlers.splice(handlers.indexOf(handler), 1);
      handler.cb(message, { origin: 'null' });
    }
  };
  return { ui: Object.assign(receiver, sendSide), deliverFromUi };
}
