// What every PICPIK action handler receives and answers. A handler gets its parameters already
// validated by the contract (and their pixels checked) and answers an outcome; the common
// response fields (Action, RetCode, Message, request_uuid) are added by middleware/envelope.ts.
import type { ActionParams, PicpikAction } from '../../contract/schemas';
import type { CreditLedger } from '../credit-ledger';
import type { FaultInjector } from '../fault-injector';
import { RET_CODES } from '../ret-codes';
import type { TaskRunner } from '../task-runner';
import type { TaskStore } from '../task-store';

/** The answer of one PICPIK action, before the common fields are added. */
export type ActionOutcome = { retCode: number; message?: string; fields?: Record<string, unknown> };

export const ok = (fields: Record<string, unknown> = {}): ActionOutcome => ({ retCode: RET_CODES.ok, fields });
export const refuse = (retCode: number, message: string): ActionOutcome => ({ retCode, message });

/** The emulator's state as one request sees it. */
export interface ActionServices {
  store: TaskStore;
  runner: TaskRunner;
  credits: CreditLedger;
  faults: FaultInjector;
  /** Origin the image URLs of this answer start with. */
  imageBaseUrl: string;
  /** The request's clock reading, for expiry. */
  now: number;
}

export type ActionHandler<A extends PicpikAction> = (params: ActionParams<A>, services: ActionServices) => ActionOutcome | Promise<ActionOutcome>;
