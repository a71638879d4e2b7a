// Renders the whole App against the fake main thread and a scripted relay, for component tests.
import { h } from '../../../ui/components/render';
import { fireEvent, render, screen } from './render-testing';
import { App } from '../../../ui/components/app';
import { createAppState } from '../../../ui/state/app-state';
import type { FetchLike } from '../../../ui/lib/relay-client';
import { createFakeMain } from './fake-channel';

export const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** A relay answering like the emulator would; `handler` overrides any answer. */
export function relayFetch(handler?: (body: Record<string, unknown>) => Response | undefined) {
  const posted: Record<string, unknown>[] = [];
  const fetch: FetchLike = async (url, init) => {
    if (url.endsWith('/healthz')) return json({ ok: true, version: '0.1.0', upstream: 'emulator' });
    const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
    posted.push(body);
    const custom = handler?.(body);
    if (custom) return custom;
    if (body.Action === 'ListModels') return json({ Action: 'ListModelsResponse', RetCode: 0, MainModels: { 'PICPIK General': { ModelCode: 'PICPIK General', Name: 'PICPIK General' } } });
    // Only the fields PICPIK's GetCreditBalance table marks required: ExpireTimestamp is optional.
    if (body.Action === 'GetCreditBalance') return json({ Action: 'GetCreditBalanceResponse', RetCode: 0, TotalCredits: 100, UsedCredits: 12 });
    if (body.Action === 'GenerateBackgrounds') return json({ Action: 'GenerateBackgroundsResponse', RetCode: 0, TaskUID: 'task-1' });
    if (body.Action === 'ListTasksDetails') return json({ Action: 'ListTasksDetailsResponse', RetCode: 0, TaskDetailList: [{ TaskUID: 'task-1', Status: 'Running' }] });
    return json({ RetCode: 0, Action: `${String(body.Action)}Response` });
  };
  return { fetch, posted };
}

export async function renderApp(options: Parameters<typeof createFakeMain>[0] = {}, fetch = relayFetch()) {
  const main = createFakeMain(options);
  const app = createAppState({ channel: main.channel, fetch: fetch.fetch });
  render(h(App, { app }));
  await app.initAsync();
  return { main, app, fetch };
}

/** Opens the option menu labelled `label` and clicks the option `text`. */
export async function chooseOption(label: string, text: string): Promise<void> {
  fireEvent.click(screen.getByRole('combobox', { name: new RegExp(`^${label}( |$)`) }));
  fireEvent.click(await screen.findByRole('option', { name: text }));
}
