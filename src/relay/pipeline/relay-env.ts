// What the relay's middlewares hand each other through Hono's context: the access-log line
// being filled, the admitted designer, and, on POST /, each stage's result for the next one.
import type { Designer } from '../store/relay-store';
import type { RawString } from '../read-json-body';
import type { PicpikAction } from '../../contract/schemas';
import type { EarlyUpstream } from './early-image-upstream';

export interface AccessLogLine {
  time: string;
  method: string;
  path: string;
  status: number;
  latencyMs: number;
  action?: string;
  tokenId?: string;
  request_uuid?: string;
  bytesIn?: number;
  bytesOut?: number;
  upstreamRetCode?: number;
  attempts?: number;
  /** For image downloads: whether the task's image list came from the relay's cache. */
  taskCache?: 'hit' | 'miss';
  error?: string;
  params?: unknown;
  /** Set by a streaming route: the line is written once the transfer ends, with what it adds. */
  transfer?: Promise<Partial<AccessLogLine>>;
}

/** A POST body's envelope once checked: the action, the request_uuid to send, the parsed body. */
interface CheckedEnvelope {
  action: PicpikAction;
  requestUuid: string;
  params: Record<string, unknown>;
  /** Long strings still backed by the body's own bytes (see parseJsonBody). */
  rawStrings: RawString[];
}

/** A POST body's buffer, reused by later bodies once released (read-body.ts). */
export interface BodyHold {
  /** Once true, the body's bytes (and the raw strings that view them) must not be read. */
  readonly released: boolean;
  release: () => void;
}

export type RelayEnv = {
  Variables: {
    access: Partial<AccessLogLine>;
    tokenId: string;
    designer: Designer;
    /** POST /: the body as read (read-body.ts). */
    body: Uint8Array;
    /** POST /: whether `body` still holds the body's bytes (read-body.ts). */
    bodyHold: BodyHold;
    /** POST /: where the body's base64 images lie, as the shape scan found them (read-body.ts). */
    bodyImageSpans: readonly (readonly [number, number])[];
    /** POST /: the request to PICPIK opened while a large image arrived, if one was (early-image-upstream.ts). */
    earlyUpstream: EarlyUpstream | undefined;
    /** POST /: the envelope (check-envelope.ts). */
    envelope: CheckedEnvelope;
    /** POST /: the parameters the contract validated and normalised (validate-params.ts). */
    validParams: Record<string, unknown>;
  };
};
