// The store failing in the middle of a request: once PICPIK has started a task, the designer
// still gets its TaskUID (a 500 would invite a second, paid submission) and can follow it.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createRelayApp } from '../../../src/relay/app';
import { openRelayStoreAsync } from '../../../src/relay/store/open-relay-store';
import type { RelayStore } from '../../../src/relay/store/relay-store';
import { seedRelayTokensAsync } from '../../../src/relay/team/seed-relay-tokens';
import { ALICE_TOKEN, BOB_TOKEN, authHeaders, createScriptedFetch, jsonResponse, makeRelayConfig } from '../relay-fixtures';

describe('a store fault after PICPIK started a task', () => {
  it('answers the TaskUID, logs the fault, and lets the owner (only) poll the task', async () => {
    const store = await openRelayStoreAsync({ databaseUrl: undefined, dataDir: ':memory:' });
    await seedRelayTokensAsync(store, [{ id: 'alice', token: ALICE_TOKEN }, { id: 'bob', token: BOB_TOKEN }], Date.now());
    const failing: RelayStore = { ...store, recordTaskAsync: () => Promise.reject(new Error('database is locked')) };
    const upstream = createScriptedFetch((call) =>
      call.body?.['Action'] === 'RemoveBackground'
        ? jsonResponse({ RetCode: 0, Message: '', TaskUID: 'task-after-fault' })
        : jsonResponse({ RetCode: 0, Message: '', TaskDetailList: [{ TaskUID: 'task-after-fault', Status: 'Running', ImgList: [], ConsumeApiPoint: 0 }] }),
    );
    const lines: Record<string, unknown>[] = [];
    const app = createRelayApp(makeRelayConfig({ RELAY_TEAM_VISIBLE_TASKS: '0' }), { fetch: upstream.fetch, store: failing, log: (line) => lines.push(line as Record<string, unknown>) });
    const photo = (await sharp({ create: { width: 16, height: 16, channels: 3, background: '#ffffff' } }).png().toBuffer()).toString('base64');

    const submitted = await app.request('/', { method: 'POST', headers: authHeaders(ALICE_TOKEN), body: JSON.stringify({ Action: 'RemoveBackground', RawImage: `data:image/png;base64,${photo}` }) });
    expect(submitted.status).toBe(200);
    expect(await submitted.json()).toMatchObject({ RetCode: 0, TaskUID: 'task-after-fault' });
    expect(lines.some((line) => String(line['error']).includes('task-after-fault') && String(line['error']).includes('database is locked'))).toBe(true);

    const poll = (token: string) => app.request('/', { method: 'POST', headers: authHeaders(token), body: '{"Action":"ListTasksDetails","TaskUIDList":["task-after-fault"]}' });
    expect(await (await poll(ALICE_TOKEN)).json()).toMatchObject({ TaskDetailList: [{ TaskUID: 'task-after-fault', Status: 'Running' }] });
    expect(await (await poll(BOB_TOKEN)).json()).toMatchObject({ TaskDetailList: [{ TaskUID: 'task-after-fault', ErrorMassage: 'task not found' }] });
    // One submission and the owner's poll reached PICPIK; the other designer's poll did not.
    expect(upstream.calls.map((call) => call.body?.['Action'])).toEqual(['RemoveBackground', 'ListTasksDetails']);
  });
});
