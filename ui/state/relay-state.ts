// The relay connection: the settings (address and token), the team relay named in the file, the
// one client every request goes through, and the poller's view of the connection.
import { computed, signal, type ReadonlySignal } from './signals';
import type { Settings } from '../../src/protocol/shapes';
import type { UiChannel } from '../../src/protocol/ui-channel';
import { checkRelayUrl, checkTeamRelayUrl, sameRelayUrl } from '../../src/protocol/relay-url-rule';
import { INITIAL_RELAY_URL } from '../lib/built-in-relay';
import type { ConnectionState } from '../lib/poller';
import { createRelayClient, type ConnectionTestResult, type FetchLike, type RelayClient } from '../lib/relay-client';
import { RelayError } from '../lib/relay-error';

export interface RelayStateDeps {
  channel: UiChannel;
  fetch?: FetchLike;
  /** A team build's relay (ui/lib/built-in-relay.ts): it wins over any other address. */
  builtInRelayUrl?: string;
  /** The designer saved new settings: what the relay offers may have changed. */
  onSettingsSaved(): void;
}

/** The client calls the rest of the UI makes; each goes through the settings of the moment. */
export type LiveRelayClient = Pick<RelayClient, 'callAsync' | 'downloadImageAsync' | 'waitForTasksAsync' | 'healthAsync' | 'meAsync'>;

const NO_TOKEN_TEXT = 'This relay needs an access token: paste the one your relay admin gave you, then test again';

export function createRelayState(deps: RelayStateDeps) {
  const { channel, builtInRelayUrl } = deps;
  const settings = signal<Settings>({ relayUrl: builtInRelayUrl ?? INITIAL_RELAY_URL, token: '' });
  const teamRelayUrl = signal<string | undefined>(undefined);
  /**
   * A relay named in the document's shared plugin data that is not the built-in one: shown, never
   * followed, so a shared file cannot send a designer's layers to another server.
   */
  const refusedTeamRelayUrl = computed<string | undefined>(() => {
    const team = teamRelayUrl.value;
    return builtInRelayUrl !== undefined && team && !sameRelayUrl(team, builtInRelayUrl) ? team : undefined;
  });
  const connection = signal<ConnectionState>({ status: 'ok', failures: 0 });
  /** What Settings holds but has not saved: kept when the designer looks at another tab. */
  const settingsDraft = signal<{ relayUrl: string; token: string } | null>(null);

  let client: RelayClient = makeClient(settings.value);
  function makeClient(current: Settings): RelayClient {
    return createRelayClient({ relayUrl: builtInRelayUrl ?? current.relayUrl, token: current.token, fetch: deps.fetch });
  }
  // The poller keeps one client object; it always talks through the current settings.
  const liveClient: LiveRelayClient = {
    callAsync: (action, params, options) => client.callAsync(action, params, options),
    downloadImageAsync: (taskUid, index) => client.downloadImageAsync(taskUid, index),
    waitForTasksAsync: (taskUids, known, options) => client.waitForTasksAsync(taskUids, known, options),
    healthAsync: () => client.healthAsync(),
    meAsync: () => client.meAsync(),
  };

  /** The stored settings and the file's team relay, as main's init reads them. */
  function restoreRelay(stored: Settings, storedTeamRelayUrl: string | undefined): void {
    settings.value = stored;
    teamRelayUrl.value = storedTeamRelayUrl;
    client = makeClient(stored);
  }

  function setConnection(state: ConnectionState): void {
    connection.value = state;
  }

  async function saveSettingsAsync(patch: Partial<Settings>): Promise<void> {
    if (builtInRelayUrl !== undefined) {
      // The address is part of this build; only the token is the designer's.
      patch = { ...patch };
      delete patch.relayUrl;
    } else if (patch.relayUrl !== undefined) {
      const checked = checkRelayUrl(patch.relayUrl);
      if (!checked.ok) throw new RelayError({ kind: 'bad-url', ruleMessage: checked.message, detail: checked.detail });
    }
    const result = await channel.requestAsync('saveSettings', { settings: patch });
    settings.value = result.settings;
    settingsDraft.value = null;
    client = makeClient(result.settings);
    deps.onSettingsSaved();
  }

  async function testConnectionAsync(relayUrl: string, token: string): Promise<ConnectionTestResult> {
    const result = await createRelayClient({ relayUrl: builtInRelayUrl ?? relayUrl, token, fetch: deps.fetch }).testConnectionAsync();
    // "Rejected: check the token in Settings" reads oddly in Settings when there is no token at all.
    if (result.outcome === 'auth' && token.trim() === '') return { ...result, message: NO_TOKEN_TEXT };
    return result;
  }

  async function saveTeamRelayUrlAsync(relayUrl: string): Promise<void> {
    if (builtInRelayUrl !== undefined) throw new RelayError({ kind: 'bad-url', ruleMessage: 'This plugin has its relay built in: nothing to save to the file', detail: 'saveTeamRelayUrl in a team build' });
    const checked = relayUrl.trim() === '' ? undefined : checkTeamRelayUrl(relayUrl);
    if (checked && !checked.ok) throw new RelayError({ kind: 'bad-url', ruleMessage: checked.message, detail: checked.detail });
    if (checked) {
      // Teammates will send their layers there: it must answer. A token it refuses is fine (theirs differ).
      const test = await testConnectionAsync(relayUrl, settings.value.token);
      if (test.outcome !== 'ok' && test.outcome !== 'auth') {
        throw new RelayError({ kind: 'bad-url', ruleMessage: `The relay did not pass the connection test, so teammates would not reach it either. ${test.message}`, detail: test.detail ?? `test: ${test.outcome}` });
      }
    }
    await channel.requestAsync('saveTeamRelayUrl', { relayUrl });
    teamRelayUrl.value = relayUrl;
  }

  function setSettingsDraft(draft: { relayUrl: string; token: string } | null): void {
    settingsDraft.value = draft;
  }

  return {
    settings: settings as ReadonlySignal<Settings>,
    settingsDraft: settingsDraft as ReadonlySignal<{ relayUrl: string; token: string } | null>,
    setSettingsDraft,
    teamRelayUrl: teamRelayUrl as ReadonlySignal<string | undefined>,
    refusedTeamRelayUrl,
    builtInRelayUrl,
    connection: connection as ReadonlySignal<ConnectionState>,
    liveClient,
    restoreRelay,
    setConnection,
    saveSettingsAsync,
    testConnectionAsync,
    saveTeamRelayUrlAsync,
  };
}

