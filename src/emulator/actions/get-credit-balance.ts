// GetCreditBalance: the grant and what has been charged so far (credit-ledger.ts).
import { ok, type ActionHandler } from './action-handler';

// ExpireTimestamp is optional in PICPIK's GetCreditBalance table; the emulator's credits
// never expire, so it is left out (the stricter answer).
export const getCreditBalance: ActionHandler<'GetCreditBalance'> = (_params, { credits }) => ok({ TotalCredits: credits.total, UsedCredits: credits.used });
