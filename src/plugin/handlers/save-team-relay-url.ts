// saveTeamRelayUrl: the team's relay address in the document, so teammates get it prefilled.
import type { RequestPayload, RequestResult } from '../../protocol/message-types';
import type { PluginContext } from '../plugin-context';
import { saveTeamRelayUrl } from '../settings-store';

export function handleSaveTeamRelayUrl(context: PluginContext, payload: RequestPayload<'saveTeamRelayUrl'>): RequestResult<'saveTeamRelayUrl'> {
  saveTeamRelayUrl(context.api, payload.relayUrl);
  return { ok: true };
}
