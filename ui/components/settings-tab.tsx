// Relay settings: URL and masked access token, a connection test that tells the failure kinds
// apart, saving through the main thread, sharing the URL with the team via the file, and what
// leaves the machine. A team build shows its built-in relay read-only and refuses any other.
import { useState } from './hooks';
import { checkRelayUrl } from '../../src/protocol/relay-url-rule';
import { INITIAL_RELAY_URL } from '../lib/built-in-relay';
import { dataFlowText } from '../lib/data-flow-text';
import type { ConnectionTestResult } from '../lib/relay-client';
import { describeRelayError } from '../lib/relay-error';
import { useApp } from './app-context';
import { ErrorMessage, FieldRow, useFieldId } from './fields';
import { TextField } from './text-field';
import { Button } from './button';

type Status = { ok: true; text: string } | { ok: false; text: string; detail?: string };

export function SettingsTab() {
  const app = useApp();
  const saved = app.settings.value;
  const builtIn = app.builtInRelayUrl;
  // What the fields hold: the unsaved draft if there is one (it outlives a look at another tab), else what is saved.
  const draft = app.settingsDraft.value;
  const relayUrl = builtIn ?? draft?.relayUrl ?? saved.relayUrl;
  const token = draft?.token ?? saved.token;
  const setRelayUrl = (value: string) => app.setSettingsDraft({ relayUrl: value, token });
  const setToken = (value: string) => app.setSettingsDraft({ relayUrl: draft?.relayUrl ?? saved.relayUrl, token: value });
  const unsaved = draft !== null && ((!builtIn && draft.relayUrl.trim() !== saved.relayUrl) || draft.token.trim() !== saved.token);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [testing, setTesting] = useState(false);
  const [status, setStatus] = useState<Status | null>(null);
  const urlId = useFieldId('relay-url');
  const tokenId = useFieldId('token');
  const team = app.teamRelayUrl.value;
  const refused = app.refusedTeamRelayUrl.value;
  // Checked as it is typed: an address the plugin cannot reach is named before anything is sent.
  const urlCheck = checkRelayUrl(relayUrl);
  const urlProblem = !urlCheck.ok && relayUrl.trim() !== '' ? urlCheck : null;
  // A test result or a save status speaks of what was typed then: an edit makes it stale.
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setResult(null);
    setStatus(null);
  };
  const report = (error: unknown, what: string) => {
    const info = describeRelayError(error);
    setStatus({ ok: false, text: `${what}: ${info.message}`, detail: info.detail });
  };
  return (
    <div class="tab settings-tab">
      <FieldRow label="Relay URL" htmlFor={urlId} hint={builtIn ? 'Built into this plugin by your organization' : undefined}>
        {builtIn ? (
          <TextField id={urlId} value={builtIn} disabled />
        ) : (
          <TextField id={urlId} value={relayUrl} placeholder={INITIAL_RELAY_URL} onValueInput={edit(setRelayUrl)} />
        )}
      </FieldRow>
      {urlProblem ? (
        <div data-outcome="bad-url">
          <ErrorMessage message={urlProblem.message} detail={urlProblem.detail} />
        </div>
      ) : null}
      {refused ? (
        <div class="error" role="alert" data-testid="refused-team-relay">
          This file names another relay ({refused}). It is not used: this plugin sends only to its built-in relay, {builtIn}.
        </div>
      ) : null}
      <FieldRow label="Access token" htmlFor={tokenId}>
        <TextField id={tokenId} password value={token} onValueInput={edit(setToken)} />
      </FieldRow>
      <div class="row">
        <Button
          secondary
          loading={testing}
          disabled={urlProblem !== null}
          onClick={async () => {
            setTesting(true);
            setResult(null);
            try {
              setResult(await app.testConnectionAsync(relayUrl, token));
            } finally {
              setTesting(false);
            }
          }}
        >
          Test connection
        </Button>
        <Button
          data-tone="primary"
          disabled={urlProblem !== null}
          onClick={async () => {
            try {
              await app.saveSettingsAsync(builtIn ? { token: token.trim() } : { relayUrl: relayUrl.trim(), token: token.trim() });
              setStatus({ ok: true, text: 'Saved' });
            } catch (error) {
              report(error, 'Not saved');
            }
          }}
        >
          Save
        </Button>
      </div>
      {result ? (
        result.outcome === 'ok' ? (
          <div class="success" role="status" data-outcome="ok">
            {result.message}
          </div>
        ) : (
          <div data-outcome={result.outcome}>
            <ErrorMessage message={result.message} detail={result.detail} />
          </div>
        )
      ) : null}
      {unsaved && !status ? <p class="hint">Not saved yet: Save keeps these changes for every file.</p> : null}
      {status ? status.ok ? <div role="status">{status.text}</div> : <ErrorMessage message={status.text} detail={status.detail} /> : null}
      {builtIn ? null : (
        <div class="team">
          <Button
            secondary
            disabled={urlProblem !== null}
            onClick={() =>
              void app.saveTeamRelayUrlAsync(relayUrl.trim()).then(
                () => setStatus({ ok: true, text: 'Relay URL saved to this file' }),
                (error: unknown) => report(error, 'Not saved to the file'),
              )
            }
          >
            Save relay URL to this file for teammates
          </Button>
          {team && team !== relayUrl ? (
            <div class="note">
              This file's team relay: {team}{' '}
              <Button secondary onClick={() => setRelayUrl(team)}>
                Use it
              </Button>
            </div>
          ) : null}
          <p class="hint">The token stays on this computer; only the URL is saved in the file.</p>
        </div>
      )}
      <p class="hint" data-testid="data-flow">
        {dataFlowText(builtIn ?? relayUrl)}
      </p>
    </div>
  );
}
