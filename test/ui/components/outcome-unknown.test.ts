// @vitest-environment happy-dom
// A job whose GenerateBackgrounds timed out shows as "Outcome unknown" with a Check PICPIK button
// that lists the account's running tasks no job here knows, before any retry.
import { afterEach, describe, expect, it } from 'vitest';
import { h } from '../../../ui/components/render';
import { cleanup, fireEvent, render, screen, waitFor } from './render-testing';
import { App } from '../../../ui/components/app';
import { createAppState } from '../../../ui/state/app-state';
import type { FetchLike } from '../../../ui/lib/relay-client';
import type { JobRecord } from '../../../src/protocol/shapes';
import { OUTCOME_UNKNOWN_TEXT } from '../../../ui/lib/unknown-outcome';
import { createFakeMain } from './fake-channel';

afterEach(cleanup);

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

function job(overrides: Partial<JobRecord>): JobRecord {
  const now = Date.now();
  return {
    id: 'job-u', createdAt: now - 60_000, updatedAt: now - 50_000, state: 'failed', pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2',
    frameId: '1:1', area: { x: 0, y: 0, width: 800, height: 800 }, areaSpec: { kind: 'frame' }, placement: 'behind',
    output: { width: 800, height: 800 }, foreground: { width: 800, height: 800 }, resizeMode: 'ResizeAndFill', params: {}, label: 'dunes',
    imageCount: 1, placedImages: [], placedNodeIds: [], ...overrides,
  };
}

describe('outcome unknown job', () => {
  it('shows the state and, on Check PICPIK, names the running task no job knows', async () => {
    const jobs = [
      job({ outcomeUnknown: true, error: { message: OUTCOME_UNKNOWN_TEXT } }),
      job({ id: 'job-k', state: 'queued', taskUid: 'task-known', label: 'marble' }),
    ];
    const main = createFakeMain({ jobs });
    const actions: string[] = [];
    const fetch: FetchLike = async (_url, init) => {
      const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
      actions.push(String(body.Action));
      if (body.Action === 'ListRunningTasks') return json({ Action: 'ListRunningTasksResponse', RetCode: 0, Message: '', TaskUIDList: ['task-known', 'task-mystery'] });
      if (body.Action === 'ListTasksDetails') return json({ Action: 'ListTasksDetailsResponse', RetCode: 0, TaskDetailList: [] });
      return json({ RetCode: 0, Action: `${String(body.Action)}Response` });
    };
    const app = createAppState({ channel: main.channel, fetch });
    render(h(App, { app }));
    await app.initAsync();
    app.showTab('Jobs');
    const row = await screen.findByTestId('job-job-u');
    expect(row.textContent).toContain('Outcome unknown');
    expect(row.textContent).toContain('may have accepted');
    fireEvent.click(screen.getByRole('button', { name: 'Check PICPIK' }));
    await waitFor(() => expect(screen.getByTestId('job-job-u').textContent).toContain('task-mystery'));
    expect(screen.getByTestId('job-job-u').textContent).not.toContain('task-known');
    expect(actions.filter((action) => action === 'GenerateBackgrounds')).toHaveLength(0);
  });
});
