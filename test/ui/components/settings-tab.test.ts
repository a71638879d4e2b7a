// @vitest-environment happy-dom
// Settings: the relay-address rule as the designer meets it, a team build's built-in relay, and
// the sentence on where generation sends data.
import { afterEach, describe, expect, it } from 'vitest';
import { h } from '../../../ui/components/render';
import { act, cleanup, fireEvent, render, screen, waitFor } from './render-testing';
import { App } from '../../../ui/components/app';
import { createAppState } from '../../../ui/state/app-state';
import type { FetchLike } from '../../../ui/lib/relay-client';
import type { Settings } from '../../../src/protocol/shapes';
import { createFakeMain } from './fake-channel';

const BUILT_IN = 'https://relay.acme.example';
const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

/** A relay that answers everything, recording the address of every request. */
function recordingFetch() {
  const urls: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    urls.push(url);
    if (url.endsWith('/healthz')) return json({ ok: true, version: '0.1.0', upstream: 'emulator' });
    const body = JSON.parse(String(init?.body ?? '{}')) as { Action?: string };
    if (body.Action === 'ListModels') return json({ Action: 'ListModelsResponse', RetCode: 0, MainModels: {} });
    return json({ RetCode: 0, Action: `${String(body.Action)}Response`, TotalCredits: 1, UsedCredits: 0 });
  };
  return { fetch, urls };
}

async function openSettingsAsync(options: { settings?: Partial<Settings>; builtInRelayUrl?: string }) {
  const relay = recordingFetch();
  const main = createFakeMain({ settings: options.settings });
  const app = createAppState({ channel: main.channel, fetch: relay.fetch, builtInRelayUrl: options.builtInRelayUrl });
  render(h(App, { app }));
  await app.initAsync();
  // act() runs the tab's effects (which copy the saved settings into the fields) before typing.
  await act(() => {
    app.showTab('Settings');
  });
  await waitFor(() => screen.getByLabelText('Relay URL'));
  return { app, main, relay };
}

afterEach(() => cleanup());

describe('Settings, default build', () => {
  it('refuses an http:// relay on another computer, saying HTTPS is needed and why, and sends nothing', async () => {
    const { app, main, relay } = await openSettingsAsync({});
    // The panel's start-up ends with the designer's usage (GET /v1/me, after the credits): let it finish.
    await waitFor(() => expect(relay.urls.some((url) => url.endsWith('/v1/me'))).toBe(true));
    relay.urls.length = 0;
    fireEvent.input(screen.getByLabelText('Relay URL'), { target: { value: 'http://relay.team.example:8787' } });
    const alert = await waitFor(() => screen.getByText(/^The relay must use https:\/\//));
    expect(alert.textContent).toMatch(/mixed content/);
    expect(alert.textContent).not.toMatch(/network ?access/i);
    const save = screen.getByRole('button', { name: 'Save' });
    expect(save.hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Test connection' }).hasAttribute('disabled')).toBe(true);
    // Even when called around the disabled button, the state refuses the address.
    await expect(app.saveSettingsAsync({ relayUrl: 'http://relay.team.example:8787' })).rejects.toMatchObject({ kind: 'bad-url' });
    expect(main.requests.some((request) => request.name === 'saveSettings' && (request.payload as { settings: Settings }).settings.relayUrl !== undefined)).toBe(false);
    expect(relay.urls).toEqual([]);
    fireEvent.input(screen.getByLabelText('Relay URL'), { target: { value: 'https://relay.team.example' } });
    await waitFor(() => expect(screen.queryByText(/^The relay must use https:\/\//)).toBeNull());
    app.dispose();
  });

  it('clears a connection test result and a save status once the address or the token is edited', async () => {
    const { app } = await openSettingsAsync({});
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    const connected = await waitFor(() => screen.getByText(/^Connected to the relay at /));
    expect(connected.getAttribute('data-outcome')).toBe('ok');
    fireEvent.input(screen.getByLabelText('Access token'), { target: { value: 'another-token' } });
    expect(screen.queryByText(/^Connected/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => screen.getByText('Saved'));
    fireEvent.input(screen.getByLabelText('Relay URL'), { target: { value: 'https://relay.team.example' } });
    expect(screen.queryByText('Saved')).toBeNull();
    app.dispose();
  });

  it('says where generation sends data, naming the relay host', async () => {
    const { app } = await openSettingsAsync({ settings: { relayUrl: 'https://relay.team.example:8443' } });
    expect(screen.getByTestId('data-flow').textContent).toBe(
      'The pixels of the layers you generate from, your prompts and reference images go to relay.team.example:8443, which forwards them to PICPIK; PICPIK keeps results for 24 hours.',
    );
    app.dispose();
  });
});

describe('Settings, team build', () => {
  it('shows the built-in relay read-only, saves only the token, and talks to nothing else', async () => {
    const { app, main, relay } = await openSettingsAsync({ builtInRelayUrl: BUILT_IN, settings: { relayUrl: 'https://stored.example.com', token: 'old' } });
    const field = screen.getByLabelText('Relay URL') as HTMLInputElement;
    expect(field.value).toBe(BUILT_IN);
    expect(field.disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save relay URL to this file for teammates' })).toBeNull();
    expect(screen.getByTestId('data-flow').textContent).toContain('go to relay.acme.example, which forwards them to PICPIK');
    fireEvent.input(screen.getByLabelText('Access token'), { target: { value: 'my-own-token' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(main.settings.token).toBe('my-own-token'));
    const saved = main.requests.filter((request) => request.name === 'saveSettings').map((request) => (request.payload as { settings: Settings }).settings);
    expect(saved.every((patch) => patch.relayUrl === undefined)).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(screen.getByText(`Connected to the relay at ${new URL(BUILT_IN).host} (0.1.0), which reaches PICPIK at emulator`)).toBeTruthy());
    expect(relay.urls.length).toBeGreaterThan(0);
    expect(relay.urls.every((url) => url.startsWith(`${BUILT_IN}/`))).toBe(true);
    app.dispose();
  });

  it('refuses a relay stored in the document that differs from the built-in one, with the message shown', async () => {
    const other = 'https://elsewhere.example.net';
    const { app, relay } = await openSettingsAsync({ builtInRelayUrl: BUILT_IN, settings: { relayUrl: other, teamRelayUrl: other, token: 't' } });
    const message = screen.getByTestId('refused-team-relay');
    expect(message.getAttribute('role')).toBe('alert');
    expect(message.textContent).toBe(`This file names another relay (${other}). It is not used: this plugin sends only to its built-in relay, ${BUILT_IN}.`);
    expect(screen.queryByRole('button', { name: 'Use it' })).toBeNull();
    expect(app.refusedTeamRelayUrl.value).toBe(other);
    await app.loadModelsAsync();
    expect(relay.urls.some((url) => url.startsWith(other))).toBe(false);
    expect(relay.urls.some((url) => url.startsWith(BUILT_IN))).toBe(true);
    app.dispose();
  });

  it('shows no refusal when the document names the built-in relay', async () => {
    const { app } = await openSettingsAsync({ builtInRelayUrl: BUILT_IN, settings: { teamRelayUrl: `${BUILT_IN}/` } });
    expect(screen.queryByTestId('refused-team-relay')).toBeNull();
    app.dispose();
  });

  it('saves for teammates only a relay they can reach: not this computer\'s, and not one that fails the connection test', async () => {
    const { app, main } = await openSettingsAsync({});
    const saveToFile = () => fireEvent.click(screen.getByRole('button', { name: 'Save relay URL to this file for teammates' }));
    fireEvent.input(screen.getByLabelText('Relay URL'), { target: { value: 'http://localhost:8787' } });
    saveToFile();
    await waitFor(() => expect(screen.getByText(/Not saved to the file: A relay on localhost runs on this computer only/)).toBeTruthy());
    const down: FetchLike = async () => {
      throw new TypeError('Failed to fetch');
    };
    app.dispose();
    cleanup();
    const unreachable = createFakeMain({});
    const offline = createAppState({ channel: unreachable.channel, fetch: down });
    render(h(App, { app: offline }));
    await offline.initAsync();
    await act(() => offline.showTab('Settings'));
    fireEvent.input(await waitFor(() => screen.getByLabelText('Relay URL')), { target: { value: 'https://relay.down.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save relay URL to this file for teammates' }));
    await waitFor(() => expect(screen.getByText(/Not saved to the file: The relay did not pass the connection test, so teammates would not reach it either\. Relay unreachable/)).toBeTruthy());
    expect([...main.requests, ...unreachable.requests].some((request) => request.name === 'saveTeamRelayUrl')).toBe(false);
    offline.dispose();
  });

  it('says a token is needed when the test fails for want of one, rather than that it was rejected', async () => {
    const main = createFakeMain({ settings: { token: '' } });
    const refusing: FetchLike = async (url) => (url.endsWith('/healthz') ? json({ ok: true, version: '0.1.0', upstream: 'emulator' }) : new Response(JSON.stringify({ RetCode: 401, Message: 'no token' }), { status: 401, headers: { 'Content-Type': 'application/json' } }));
    const app = createAppState({ channel: main.channel, fetch: refusing });
    render(h(App, { app }));
    await app.initAsync();
    await act(() => app.showTab('Settings'));
    fireEvent.click(await waitFor(() => screen.getByRole('button', { name: 'Test connection' })));
    await waitFor(() => expect(screen.getByText(/This relay needs an access token: paste the one your relay admin gave you/)).toBeTruthy());
    expect(screen.queryByText(/Access token rejected/)).toBeNull();
    app.dispose();
  });

  it('keeps unsaved edits while the designer looks at another tab, says they are not saved, and forgets that once saved', async () => {
    const { app, main } = await openSettingsAsync({ settings: { relayUrl: 'https://relay.team.example', token: 'old-token' } });
    fireEvent.input(screen.getByLabelText('Relay URL'), { target: { value: 'https://relay.other.example' } });
    fireEvent.input(screen.getByLabelText('Access token'), { target: { value: 'new-token' } });
    await act(() => app.showTab('Jobs'));
    await act(() => app.showTab('Settings'));
    expect((screen.getByLabelText('Relay URL') as HTMLInputElement).value).toBe('https://relay.other.example');
    expect((screen.getByLabelText('Access token') as HTMLInputElement).value).toBe('new-token');
    expect(screen.getByText(/^Not saved yet/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => screen.getByText('Saved'));
    expect([main.settings.relayUrl, main.settings.token]).toEqual(['https://relay.other.example', 'new-token']);
    await act(() => app.showTab('Jobs'));
    await act(() => app.showTab('Settings'));
    expect(screen.queryByText(/^Not saved yet/)).toBeNull();
    expect((screen.getByLabelText('Relay URL') as HTMLInputElement).value).toBe('https://relay.other.example');
    app.dispose();
  });
});

