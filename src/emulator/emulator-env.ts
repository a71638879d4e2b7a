// The Hono environment of every emulator route: Node's bindings (the fault middleware destroys
// the socket through them) and what the POST / middlewares hand on to each other.
import type { HttpBindings } from '@hono/node-server';
import type { PicpikAction } from '../contract/schemas';

/** The body of a POST / as read, before any check. */
interface Envelope {
  body: unknown;
  /** `Action` when it is a string, '' otherwise; the answer's Action is `<Action>Response`. */
  action: string;
  requestUuid: string | undefined;
}

export type EmulatorEnv = {
  Bindings: Partial<HttpBindings>;
  Variables: {
    envelope: Envelope;
    /** Set once PublicKey, Signature and Action have been checked. */
    checked: { action: PicpikAction; body: Record<string, unknown> };
    /** RetCode of the answer, set when one is written (counted by the stats middleware). */
    retCode: number | undefined;
  };
};
