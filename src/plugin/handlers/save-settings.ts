// saveSettings: merge the given fields into the per-user settings.
import type { RequestPayload, RequestResult } from '../../protocol/message-types';
import type { PluginContext } from '../plugin-context';
import { saveSettingsAsync } from '../settings-store';

export async function handleSaveSettingsAsync(context: PluginContext, payload: RequestPayload<'saveSettings'>): Promise<RequestResult<'saveSettings'>> {
  return { settings: await saveSettingsAsync(context.api, payload.settings) };
}
