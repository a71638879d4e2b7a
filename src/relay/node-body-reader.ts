// The request body read straight from Node's IncomingMessage. Hono's Node adapter hands the app a
// web ReadableStream made by Readable.toWeb, which copies every chunk into a new Uint8Array; for
// a 20 MB upload that is 20 MB more to copy and to collect, per request, before the relay copies
// the bytes once more into the body's own buffer. Reading the IncomingMessage skips that copy.
import type { IncomingMessage } from 'node:http';
import type { BodyReader } from './read-body-limited';

export function nodeBodyReader(incoming: IncomingMessage): BodyReader {
  const chunks = incoming[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return {
    async read() {
      const next = await chunks.next();
      return next.done ? { done: true } : { done: false, value: next.value };
    },
    async cancel() {
      // Ending the iteration destroys the stream, as cancelling the web stream's reader does.
      await chunks.return?.();
    },
  };
}

/** The IncomingMessage behind a request in Hono's Node adapter (its `env.incoming`), if any. */
export function incomingOf(env: unknown): IncomingMessage | undefined {
  return (env as { incoming?: IncomingMessage } | undefined)?.incoming;
}
