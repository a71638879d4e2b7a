// figma.on / once / off and the stand-in's document-change listeners. Figma delivers
// selectionchange and document changes asynchronously, coalesced per tick; so does this.

type Listener = (...args: unknown[]) => unknown;

export interface PluginEvents {
  on(type: string, cb: Listener): void;
  once(type: string, cb: Listener): void;
  off(type: string, cb: Listener): void;
  /** Calls the handlers of `type` now; once-handlers drop off. */
  emit(type: string, ...args: unknown[]): void;
  /** One selectionchange at the end of this tick, however many changes it had. */
  queueSelectionChange(): void;
  /** One document-change callback round at the end of this tick. */
  queueDocumentChange(): void;
  onDocumentChange(cb: () => void): () => void;
}

export function createPluginEvents(): PluginEvents {
  const listeners = new Map<string, { cb: Listener; once: boolean }[]>();
  const emit = (type: string, ...args: unknown[]): void => {
    const list = listeners.get(type) ?? [];
    listeners.set(
      type,
      list.filter((l) => !l.once),
    );
    for (const l of list) l.cb(...args);
  };
  let selectionQueued = false;
  const changeListeners: (() => void)[] = [];
  let changeQueued = false;
  return {
    on(type, cb) {
      const list = listeners.get(type) ?? [];
      list.push({ cb, once: false });
      listeners.set(type, list);
    },
    once(type, cb) {
      const list = listeners.get(type) ?? [];
      list.push({ cb, once: true });
      listeners.set(type, list);
    },
    off(type, cb) {
      listeners.set(
        type,
        (listeners.get(type) ?? []).filter((l) => l.cb !== cb),
      );
    },
    emit,
    queueSelectionChange() {
      if (selectionQueued) return;
      selectionQueued = true;
      queueMicrotask(() => {
        selectionQueued = false;
        emit('selectionchange');
      });
    },
    queueDocumentChange() {
      if (changeQueued || changeListeners.length === 0) return;
      changeQueued = true;
      queueMicrotask(() => {
        changeQueued = false;
        for (const cb of [...changeListeners]) cb();
      });
    },
    onDocumentChange(cb) {
      changeListeners.push(cb);
      return () => {
        const i = changeListeners.indexOf(cb);
        if (i >= 0) changeListeners.splice(i, 1);
      };
    },
  };
}
