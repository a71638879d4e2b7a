// Reused buffers for large request bodies. A fresh 20 MB buffer costs the relay twice per upload:
// the system maps it page by page as the body is copied in, and its release is what makes V8
// collect (external memory pressure: a GC trace of bench/relay-overhead.ts's uploads showed
// about 1.6 full collections per upload). A body's buffer goes back to the pool once nothing reads
// it any more: its request to PICPIK has handed the last byte to the system, or the request is
// answered (read-body.ts). The next large body lands in memory that is already mapped.

/** Bodies smaller than this get their own buffer: the page faults and collections are the large ones'. */
export const POOLED_FROM_BYTES = 1024 * 1024;
/** Buffers come in whole steps of this, so a buffer fits bodies of nearby sizes. */
const SIZE_STEP_BYTES = 1024 * 1024;

export interface PooledBody {
  bytes: Uint8Array;
  /** Hands the buffer back: the caller must not read or write `bytes` after this. */
  release: () => void;
}

export interface BodyBufferPool {
  /**
   * A buffer for a body of `bytes`. One larger than the body (an idle one that fits, or a new
   * one rounded up to the size step) is taken only when `holdExtra` agrees to count the extra
   * bytes (the in-flight budget); otherwise the body gets a new buffer of exactly its size.
   */
  acquire: (bytes: number, holdExtra?: (extraBytes: number) => boolean) => PooledBody;
  /** Bytes held by idle buffers (for tests and metrics). */
  idleBytes: () => number;
}

/**
 * `maxIdleBytes` bounds the memory idle buffers keep between uploads. A body takes the smallest
 * idle buffer that holds it, if that is at most twice its size (a larger one would keep memory
 * mapped that the body does not use); the oldest idle buffers go first when the bound is passed.
 * Bytes a buffer holds beyond its body count against the in-flight budget like the body's own
 * (read-body.ts passes `holdExtra`), so that budget still bounds what bodies hold.
 */
export function createBodyBufferPool(maxIdleBytes: number): BodyBufferPool {
  const idle: ArrayBuffer[] = [];
  let idleTotal = 0;

  /** The smallest idle buffer that holds `bytes` and is at most twice that, taken out of the pool. */
  function take(bytes: number): ArrayBuffer | undefined {
    let best = -1;
    idle.forEach((buffer, i) => {
      const fits = buffer.byteLength >= bytes && buffer.byteLength <= 2 * bytes;
      if (fits && (best < 0 || buffer.byteLength < (idle[best] as ArrayBuffer).byteLength)) best = i;
    });
    if (best < 0) return undefined;
    const [buffer] = idle.splice(best, 1) as [ArrayBuffer];
    idleTotal -= buffer.byteLength;
    return buffer;
  }

  function putBack(buffer: ArrayBuffer): void {
    idle.push(buffer);
    idleTotal += buffer.byteLength;
    while (idleTotal > maxIdleBytes) idleTotal -= (idle.shift() as ArrayBuffer).byteLength; // dropped: the collector frees it
  }

  /** An idle buffer when its extra bytes may be counted, else a new one: rounded up when that may be, else exact. */
  function bufferFor(bytes: number, holdExtra: (extraBytes: number) => boolean): ArrayBuffer {
    const mayHold = (capacity: number) => capacity === bytes || holdExtra(capacity - bytes);
    const reused = take(bytes);
    if (reused && mayHold(reused.byteLength)) return reused;
    if (reused) putBack(reused);
    const rounded = Math.ceil(bytes / SIZE_STEP_BYTES) * SIZE_STEP_BYTES;
    return new ArrayBuffer(mayHold(rounded) ? rounded : bytes);
  }

  return {
    acquire(bytes, holdExtra = () => true) {
      if (bytes < POOLED_FROM_BYTES) return { bytes: new Uint8Array(bytes), release: () => undefined };
      const buffer = bufferFor(bytes, holdExtra);
      let released = false;
      return {
        bytes: new Uint8Array(buffer, 0, bytes),
        release() {
          if (released) return;
          released = true;
          putBack(buffer);
        },
      };
    },
    idleBytes: () => idleTotal,
  };
}
