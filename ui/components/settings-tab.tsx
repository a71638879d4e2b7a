// Relay settings: URL and masked access token, a connection test that tells the failure kinds
// apart, saving through the main thread, and sharing the URL with the team via the file.
import { Button, Textbox } from '@create-figma-plugin/ui';
import { useEffect, useState } from 'preact/hooks';
import type { ConnectionTestResult } from '../lib/relay-client';
import { useApp } from './app-context';
import { ErrorMessage, FieldRow, useFieldId } from './fields';

export function SettingsTab() {
  const app = useApp();
  const saved = app.settings.value;
  const [relayUrl, setRelayUrl] = useState(saved.relayUrl);
  const [token, setToken] = useState(saved.token);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [testing, setTesting] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const urlId = useFieldId('relay-url');
  const tokenId = useFieldId('token');
  useEffect(() => {
    setRelayUrl(saved.relayUrl);
    setToken(saved.token);
  }, [saved.relayUrl, saved.token]);
  const team = app.teamRelayUrl.value;
  return (
    <div class="tab settings-tab">
      <FieldRow label="Relay URL" htmlFor={urlId}>
        <Textbox variant="border" id={urlId} value={relayUrl} placeholder="http://localhost:8787" onValueInput={setRelayUrl} />
      </FieldRow>
      <FieldRow label="Access token" htmlFor={tokenId}>
        <Textbox variant="border" id={tokenId} password value={token} onValueInput={setToken} />
      </FieldRow>
      <div class="row">
        <Button
          secondary
          loading={testing}
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
          onClick={async () => {
            try {
              await app.saveSettingsAsync({ relayUrl: relayUrl.trim(), token: token.trim() });
              setStatus('Saved');
            } catch (error) {
              setStatus(`Not saved: ${error instanceof Error ? error.message : String(error)}`);
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
      {status ? <div role="status">{status}</div> : null}
      <div class="team">
        <Button secondary onClick={() => void app.saveTeamRelayUrlAsync(relayUrl.trim()).then(() => setStatus('Relay URL saved to this file'))}>
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
    </div>
  );
}
