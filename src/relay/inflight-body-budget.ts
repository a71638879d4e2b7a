// Bounds the bytes of request bodies the relay holds at once, over all clients and per token, so
// many concurrent large uploads queue at the client (503 / 429 with Retry-After) instead of
// taking the relay's memory. A body's bytes count from its first byte until its answer is sent;
// a refused body is read and dropped, so it costs time on the wire but no memory.
import { RelayHttpError } from './relay-http-error';

interface BodyReservation {
  /** Counts `bytes` more for this body; throws 503 (all clients) or 429 (this token) past a cap. */
  grow: (bytes: number) => void;
  /** Counts `bytes` more when that stays within both caps; answers whether it did. */
  tryGrow: (bytes: number) => boolean;
  /** Gives the body's bytes back; safe to call more than once. */
  release: () => void;
}

export interface InflightBodyBudget {
  open: (tokenId: string) => BodyReservation;
  /** Bytes held now, for tests and the bench. */
  heldBytes: () => number;
}

/** A large upload takes a few seconds; asking the client back sooner only adds refusals. */
const INFLIGHT_RETRY_AFTER_SECONDS = 5;

export function createInflightBodyBudget(limits: { totalBytes: number; perTokenBytes: number }): InflightBodyBudget {
  let total = 0;
  const byToken = new Map<string, number>();

  return {
    heldBytes: () => total,
    open(tokenId) {
      let mine = 0;
      let released = false;
      const count = (bytes: number, tokenHeld: number) => {
        mine += bytes;
        total += bytes;
        byToken.set(tokenId, tokenHeld + bytes);
      };
      return {
        tryGrow(bytes) {
          if (released || bytes <= 0) return true;
          const tokenHeld = byToken.get(tokenId) ?? 0;
          if (tokenHeld + bytes > limits.perTokenBytes || total + bytes > limits.totalBytes) return false;
          count(bytes, tokenHeld);
          return true;
        },
        grow(bytes) {
          if (released || bytes <= 0) return;
          const tokenHeld = byToken.get(tokenId) ?? 0;
          if (tokenHeld + bytes > limits.perTokenBytes) {
            throw new RelayHttpError(
              429,
              `This token already has ${Math.round(tokenHeld / 1048576)} MB of uploads in progress. Try again in ${INFLIGHT_RETRY_AFTER_SECONDS} s.`,
              { detail: `per-token in-flight body limit ${limits.perTokenBytes}`, retryAfterSeconds: INFLIGHT_RETRY_AFTER_SECONDS },
            );
          }
          if (total + bytes > limits.totalBytes) {
            throw new RelayHttpError(503, `The relay is busy with other uploads. Try again in ${INFLIGHT_RETRY_AFTER_SECONDS} s.`, {
              detail: `in-flight body limit ${limits.totalBytes}`,
              retryAfterSeconds: INFLIGHT_RETRY_AFTER_SECONDS,
            });
          }
          count(bytes, tokenHeld);
        },
        release() {
          if (released) return;
          released = true;
          total -= mine;
          const left = (byToken.get(tokenId) ?? 0) - mine;
          if (left > 0) byToken.set(tokenId, left);
          else byToken.delete(tokenId);
          mine = 0;
        },
      };
    },
  };
}
