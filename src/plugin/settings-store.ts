// Per-user settings in clientStorage (versioned, validated, defaults merged in) and the team's
// relay URL in the document's shared plugin data (never the token).
import { SETTINGS_PATCH_SCHEMA } from '../protocol/generated/main-schemas';
import { checkSchema } from '../protocol/json-schema-check';
import { DEFAULT_RELAY_URL } from '../protocol/relay-defaults';
import type { Settings, SettingsPatch } from '../protocol/shapes';
import { ProtocolError } from '../protocol/protocol-error';
import { checkRelayUrl as checkRelayAddress, checkTeamRelayUrl } from '../protocol/relay-url-rule';
import { SHARED_NAMESPACE } from './shared-namespace';

export const SETTINGS_STORAGE_KEY = 'backdrop.settings.v1';
export const TEAM_RELAY_URL_KEY = 'relayUrl';

function withoutUndefined(patch: SettingsPatch): SettingsPatch {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(patch)) {
    const value = (patch as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out as SettingsPatch;
}

/** Saved values over defaults; data that fails validation starts clean. A team URL fills an unset relay URL. */
export async function loadSettingsAsync(api: PluginAPI): Promise<Settings> {
  const raw: unknown = await api.clientStorage.getAsync(SETTINGS_STORAGE_KEY);
  const parsed = checkSchema<SettingsPatch>(SETTINGS_PATCH_SCHEMA, raw);
  const saved = parsed.success ? withoutUndefined(parsed.data) : {};
  const teamRelayUrl = readTeamRelayUrl(api);
  const settings: Settings = Object.assign({ relayUrl: teamRelayUrl || DEFAULT_RELAY_URL, token: '' }, saved);
  if (teamRelayUrl) settings.teamRelayUrl = teamRelayUrl;
  return settings;
}

export async function saveSettingsAsync(api: PluginAPI, patch: SettingsPatch): Promise<Settings> {
  const raw: unknown = await api.clientStorage.getAsync(SETTINGS_STORAGE_KEY);
  const parsed = checkSchema<SettingsPatch>(SETTINGS_PATCH_SCHEMA, raw);
  const clean = withoutUndefined(patch);
  // The team URL lives in the document; keep it out of per-user storage.
  delete clean.teamRelayUrl;
  if (clean.relayUrl !== undefined) checkRelayUrl(clean.relayUrl);
  const saved = Object.assign({}, parsed.success ? withoutUndefined(parsed.data) : {}, clean);
  delete saved.teamRelayUrl;
  await api.clientStorage.setAsync(SETTINGS_STORAGE_KEY, saved);
  return loadSettingsAsync(api);
}

function readTeamRelayUrl(api: PluginAPI): string | undefined {
  const url = api.root.getSharedPluginData(SHARED_NAMESPACE, TEAM_RELAY_URL_KEY);
  return url ? url : undefined;
}

/** An empty URL clears the team setting. */
export function saveTeamRelayUrl(api: PluginAPI, relayUrl: string): void {
  const url = relayUrl.trim();
  if (url !== '') {
    const checked = checkTeamRelayUrl(url);
    if (!checked.ok) throw new ProtocolError(checked.message, checked.detail);
  }
  api.root.setSharedPluginData(SHARED_NAMESPACE, TEAM_RELAY_URL_KEY, url);
}

function checkRelayUrl(url: string): void {
  const checked = checkRelayAddress(url);
  if (!checked.ok) throw new ProtocolError(checked.message, checked.detail);
}
