// While a large body arrives: once its first base64 image (a single-image field, or the first
// entry of an image list) has passed EARLY_UPSTREAM_FROM_BYTES, the request to PICPIK opens
// with that image first and its bytes follow as they come. Everything else, the Signature
// included, waits for the whole body to pass its checks (sign-and-forward.ts finishes the
// request, or it is cut before its last byte).
import type { ImageTextEvent } from '../json-shape-scan';
import type { StreamedUpstream } from '../streamed-upstream';
import type { EarlySignature } from './early-signature';

/** Smaller images are sent with the rest of the request: opening early would gain nothing. */
export const EARLY_UPSTREAM_FROM_BYTES = 1024 * 1024;

/** A request opened early, and where its image lies in the designer's body. */
export interface EarlyUpstream {
  upstream: StreamedUpstream;
  /** The Signature's hash, begun from the fields before the image, when they made a valid request. */
  signature: EarlySignature | undefined;
  field: string;
  isList: boolean;
  /** [start, end) of the image's text in the body. */
  start: number;
  end: number | undefined;
}

export interface EarlyImageWatch {
  onImageText: (event: ImageTextEvent) => void;
  onStored: (stored: Uint8Array, at: number) => void;
  /** The request opened early, if one was. */
  opened: () => EarlyUpstream | undefined;
}

const encoder = new TextEncoder();

/** What opening needs: the upstream body's first bytes, and the body's bytes before and of the image so far. */
export interface EarlyStart {
  head: Uint8Array;
  before: readonly Uint8Array[];
  image: readonly Uint8Array[];
  field: string;
  isList: boolean;
}

export function watchForEarlyImage(open: (start: EarlyStart) => Pick<EarlyUpstream, 'upstream' | 'signature'>): EarlyImageWatch {
  let seenImage = false;
  let candidate: Omit<EarlyUpstream, 'upstream' | 'signature'> | undefined;
  let early: EarlyUpstream | undefined;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  /** The body before the image, kept (as views) until the request opens. */
  let before: Uint8Array[] = [];

  return {
    onImageText(event) {
      if (event.kind === 'close') {
        if (candidate && candidate.end === undefined) candidate.end = event.at;
        if (early && early.end === undefined) early.end = event.at;
        return;
      }
      if (seenImage) return;
      seenImage = true;
      if (event.index === undefined || event.index === 0) {
        candidate = { field: event.field, isList: event.index !== undefined, start: event.at, end: undefined };
      }
    },
    onStored(stored, at) {
      if (!early && !seenImage) before.push(stored);
      else if (!early && candidate && at < candidate.start) before.push(stored.subarray(0, candidate.start - at));
      const image = early ?? candidate;
      if (!image) return;
      const from = Math.max(at, image.start);
      const to = Math.min(at + stored.byteLength, image.end ?? Number.POSITIVE_INFINITY);
      if (to > from) {
        const part = stored.subarray(from - at, to - at);
        if (early) {
          early.upstream.push(part);
          early.signature?.update(part);
        } else {
          pending.push(part);
          pendingBytes += part.byteLength;
        }
      }
      if (early || !candidate) return;
      if (pendingBytes >= EARLY_UPSTREAM_FROM_BYTES) {
        const head = encoder.encode(`{${JSON.stringify(candidate.field)}:${candidate.isList ? '[' : ''}"`);
        early = { ...candidate, ...open({ head, before, image: pending, field: candidate.field, isList: candidate.isList }) };
        for (const part of pending) early.upstream.push(part);
        candidate = undefined;
        pending = [];
        before = [];
      } else if (candidate.end !== undefined && to >= candidate.end) {
        candidate = undefined; // a small image: nothing to gain
        pending = [];
        before = [];
      }
    },
    opened: () => early,
  };
}
