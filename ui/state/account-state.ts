// What the relay tells about the designer's account: the models PICPIK offers, the credits left,
// and the designer's own usage and budget on a team relay.
import { batch, signal, type ReadonlySignal } from './signals';
import type { ListModelsResponse } from '../../src/contract/response-schemas';
import type { RelayMe } from '../../src/contract/relay-me';
import { describeRelayError } from '../lib/relay-error';
import type { LiveRelayClient } from './relay-state';

/** expiresAt: unix seconds, only when PICPIK sends the optional ExpireTimestamp. */
export interface CreditBalance {
  left: number;
  total: number;
  expiresAt?: number;
}

export function createAccountState(client: Pick<LiveRelayClient, 'callAsync' | 'meAsync'>) {
  const models = signal<ListModelsResponse | null>(null);
  const modelsError = signal<string | null>(null);
  const credits = signal<CreditBalance | null>(null);
  /** The designer's own usage and budget from the team relay (GET /v1/me), when it has one. */
  const me = signal<RelayMe | null>(null);

  async function loadModelsAsync(): Promise<void> {
    try {
      const answer = await client.callAsync('ListModels', {});
      batch(() => {
        models.value = answer;
        modelsError.value = null;
      });
    } catch (error) {
      batch(() => {
        models.value = null;
        modelsError.value = describeRelayError(error).message;
      });
    }
  }

  async function loadCreditsAsync(): Promise<void> {
    try {
      const { TotalCredits, UsedCredits, ExpireTimestamp } = await client.callAsync('GetCreditBalance', {});
      credits.value = { left: TotalCredits - UsedCredits, total: TotalCredits, ...(ExpireTimestamp !== undefined ? { expiresAt: ExpireTimestamp } : {}) };
    } catch {
      // The relay may not allow GetCreditBalance: simply show no balance.
      credits.value = null;
    }
    try {
      me.value = (await client.meAsync()) ?? null;
    } catch {
      // An older relay, or a stand-in without /v1/me: show no usage line.
      me.value = null;
    }
  }

  return {
    models: models as ReadonlySignal<ListModelsResponse | null>,
    modelsError: modelsError as ReadonlySignal<string | null>,
    credits: credits as ReadonlySignal<CreditBalance | null>,
    me: me as ReadonlySignal<RelayMe | null>,
    loadModelsAsync,
    loadCreditsAsync,
  };
}
