// Passes a result image from PICPIK to the designer with two separate clocks: PICPIK must send
// each next piece within the upstream timeout (counted only while the relay waits for it), and
// the designer's client must take the whole image within the client timeout. A transfer cut by
// either (or by the byte cap, or the client leaving) is reported, so the log can say so.

export interface ImageTransferLimits {
  maxBytes: number;
  /** Longest wait for PICPIK's next piece. */
  upstreamTimeoutMs: number;
  /** Longest time the client may take to read the whole image. */
  clientTimeoutMs: number;
}

export interface ImageTransferEnd {
  bytesOut: number;
  /** Why the transfer was cut; absent when the whole image went out. */
  error?: string;
}

export interface ImageTransfer {
  body: ReadableStream<Uint8Array>;
  /** Settles once the transfer ends, however it ends. */
  ended: Promise<ImageTransferEnd>;
}

export function startImageTransfer(source: ReadableStream<Uint8Array>, limits: ImageTransferLimits): ImageTransfer {
  const reader = source.getReader();
  let sent = 0;
  let settle!: (end: ImageTransferEnd) => void;
  const ended = new Promise<ImageTransferEnd>((resolve) => (settle = resolve));
  let finished = false;
  let clientTimer: ReturnType<typeof setTimeout> | undefined;

  const finish = (error?: string): void => {
    if (finished) return;
    finished = true;
    clearTimeout(clientTimer);
    if (error !== undefined) reader.cancel(error).catch(() => undefined);
    settle(error === undefined ? { bytesOut: sent } : { bytesOut: sent, error });
  };

  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        clientTimer = setTimeout(() => {
          const reason = `image transfer cut: the client took longer than ${limits.clientTimeoutMs} ms (${sent} bytes sent)`;
          finish(reason);
          controller.error(new Error(reason));
        }, limits.clientTimeoutMs);
      },
      // Called only when the client wants more, so the wait below is PICPIK's time alone.
      async pull(controller) {
        let stall: ReturnType<typeof setTimeout> | undefined;
        const stalled = new Promise<'stalled'>((resolve) => (stall = setTimeout(() => resolve('stalled'), limits.upstreamTimeoutMs)));
        let next: ReadableStreamReadResult<Uint8Array> | 'stalled';
        try {
          next = await Promise.race([reader.read(), stalled]);
        } catch (error) {
          const reason = `image transfer cut: PICPIK's connection failed (${error instanceof Error ? error.message : String(error)}, ${sent} bytes sent)`;
          finish(reason);
          controller.error(new Error(reason));
          return;
        } finally {
          clearTimeout(stall);
        }
        if (finished) return;
        if (next === 'stalled') {
          const reason = `image transfer cut: PICPIK sent nothing for ${limits.upstreamTimeoutMs} ms (${sent} bytes sent)`;
          finish(reason);
          controller.error(new Error(reason));
          return;
        }
        if (next.done) {
          finish();
          controller.close();
          return;
        }
        if (sent + next.value.byteLength > limits.maxBytes) {
          const reason = `image transfer cut: larger than ${limits.maxBytes} bytes`;
          finish(reason);
          controller.error(new Error(reason));
          return;
        }
        sent += next.value.byteLength;
        controller.enqueue(next.value);
      },
      cancel() {
        finish(`image transfer cut: the client went away (${sent} bytes sent)`);
      },
    },
    { highWaterMark: 0 },
  );
  return { body, ended };
}
