// POST /v1/tasks/wait against a real relay and emulator: one upstream ListTasksDetails per tick
// whatever the number of waiters, answers when a task finishes, ownership, bounded inputs, and
// nothing left watching after a client drops the connection.
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskWaitStateOf } from '../../src/contract/task-wait';
import { ALICE_TOKEN, authHeaders, BOB_TOKEN, emulatorStatsAsync } from './relay-fixtures';
import { emulatorCreditsAsync, finishTaskAsync, generateAsync, startTeamAsync, type Team } from './team/team-fixtures';

let team: Team;
const CAROL_TOKEN = 'carol-token-4b2e9d7a1c';

beforeAll(async () => {
  team = await startTeamAsync({ RELAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'relay-wait-')) }, 1, {
    RELAY_TOKENS: `alice:${ALICE_TOKEN},bob:${BOB_TOKEN},carol:${CAROL_TOKEN}`,
    // A wait body that stalls is answered soon after this, as POST /'s are.
    RELAY_BODY_GRACE_MS: '500',
  });
}, 30_000);
afterAll(async () => team.closeAsync());

const relayUrl = () => team.relays[0]!.url;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function waitAsync(token: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${relayUrl()}/v1/tasks/wait`, { method: 'POST', headers: authHeaders(token), body: JSON.stringify(body), ...(signal ? { signal } : {}) });
}

async function metricAsync(name: string): Promise<number> {
  const text = await (await fetch(`${relayUrl()}/metrics`)).text();
  const match = new RegExp(`^${name} (\\d+(?:\\.\\d+)?)$`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

/** Waits again and again, as a client does, until `uid` is in `state`; returns its detail. */
async function waitForStateAsync(token: string, uids: string[], uid: string, state: string): Promise<Record<string, unknown>> {
  let known: Record<string, string> = Object.fromEntries(uids.map((one) => [one, 'queued']));
  for (let round = 0; round < 10; round += 1) {
    const answer = (await (await waitAsync(token, { TaskUIDList: uids, known })).json()) as { TaskDetailList: Record<string, unknown>[] };
    known = Object.fromEntries(answer.TaskDetailList.map((detail) => [String(detail['TaskUID']), taskWaitStateOf(detail as never)]));
    if (known[uid] === state) return answer.TaskDetailList.find((detail) => detail['TaskUID'] === uid)!;
  }
  throw new Error(`${uid} never reached ${state}`);
}

const upstreamPollsAsync = async () => (await emulatorStatsAsync(team.emulator)).requests.byAction['ListTasksDetails'] ?? 0;

/**
 * Upstream ListTasksDetails calls and shared-poller ticks since the given counts, read between
 * ticks: the emulator counts a tick's call when it arrives, the relay counts the tick once the
 * answer is in, so a sample taken mid-tick is off by one. Ticks are 400 ms apart and a call takes
 * a few ms, so a few samples find a quiet moment; a poller making two calls a tick never agrees.
 */
async function settledCountsAsync(pollsBefore: number, ticksBefore: number): Promise<{ ticks: number; polls: number }> {
  let sample = { ticks: 0, polls: -1 };
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const ticksFirst = (await metricAsync('relay_task_poll_ticks_total')) - ticksBefore;
    const polls = (await upstreamPollsAsync()) - pollsBefore;
    const ticks = (await metricAsync('relay_task_poll_ticks_total')) - ticksBefore;
    sample = { ticks, polls: ticksFirst === ticks ? polls : -1 };
    if (sample.polls === sample.ticks) return sample;
    await sleep(37);
  }
  return sample;
}

describe('POST /v1/tasks/wait', () => {
  it('is advertised by /healthz', async () => {
    const health = (await (await fetch(`${relayUrl()}/healthz`)).json()) as Record<string, unknown>;
    expect(health['tasksWait']).toEqual({ path: '/v1/tasks/wait', maxWaitMs: 25_000, maxTasks: 100 });
  });

  it('sends one upstream ListTasksDetails per tick for many waiters over many tasks, and counts each task once', async () => {
    const tokens = [ALICE_TOKEN, BOB_TOKEN, CAROL_TOKEN];
    const tasks = new Map<string, string[]>();
    for (const token of tokens) tasks.set(token, [await generateAsync(team.relays[0]!, token, team.images), await generateAsync(team.relays[0]!, token, team.images), await generateAsync(team.relays[0]!, token, team.images)]);
    const pollsBefore = await upstreamPollsAsync();
    const ticksBefore = await metricAsync('relay_task_poll_ticks_total');
    const controller = new AbortController();
    // 12 waiters: four per designer, each over that designer's three tasks, all known as queued.
    const waits = tokens.flatMap((token) =>
      [0, 1, 2, 3].map(() => {
        const uids = tasks.get(token)!;
        return waitAsync(token, { TaskUIDList: uids, known: Object.fromEntries(uids.map((uid) => [uid, 'queued'])) }, controller.signal).then(
          async (res) => ({ status: res.status, json: (await res.json()) as Record<string, unknown> }),
        );
      }),
    );
    try {
    await sleep(2000);
    expect(await metricAsync('relay_task_waiters')).toBe(12);
    const { ticks, polls } = await settledCountsAsync(pollsBefore, ticksBefore);
    expect(ticks).toBeGreaterThanOrEqual(2);
    expect(polls).toBe(ticks);

    // One of bob's tasks finishes: exactly bob's waiters answer, each once, with it done.
    const finished = tasks.get(BOB_TOKEN)![1]!;
    await finishTaskAsync(team.emulator, finished);
    const answered = await Promise.race([Promise.all(waits.slice(4, 8)), sleep(5000).then(() => 'timeout' as const)]);
    expect(answered).not.toBe('timeout');
    for (const answer of answered as { status: number; json: Record<string, unknown> }[]) {
      expect(answer.status).toBe(200);
      expect(answer.json['changed']).toBe(true);
      const detail = (answer.json['TaskDetailList'] as Record<string, unknown>[]).find((entry) => entry['TaskUID'] === finished)!;
      // The emulator may show it running while it renders; either way it is no longer queued.
      expect(['Running', 'Finished']).toContain(detail['Status']);
    }
    expect(await metricAsync('relay_task_waiters')).toBe(8);
    const uids = tasks.get(BOB_TOKEN)!;
    const done = await waitForStateAsync(BOB_TOKEN, uids, finished, 'done');
    expect(done['Status']).toBe('Finished');
    expect((done['ImgList'] as string[]).length).toBe(1);
    // Its image comes from the shared poll's answer: no lookup of its own upstream.
    const pollsBeforeImage = await upstreamPollsAsync();
    const ticksBeforeImage = await metricAsync('relay_task_poll_ticks_total');
    const image = await fetch(`${relayUrl()}/v1/tasks/${finished}/images/0`, { headers: authHeaders(BOB_TOKEN) });
    expect(image.status).toBe(200);
    expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(0);
    const afterImage = await settledCountsAsync(pollsBeforeImage, ticksBeforeImage);
    expect(afterImage.polls).toBe(afterImage.ticks);
    // Four waiters saw the task finish; its credits are counted once.
    const credits = (await emulatorCreditsAsync(team.emulator, [finished])).get(finished)!;
    const me = (await (await fetch(`${relayUrl()}/v1/me`, { headers: authHeaders(BOB_TOKEN) })).json()) as Record<string, number>;
    expect(credits).toBeGreaterThan(0);
    expect(me['creditsUsed']).toBe(credits);
    } finally {
      controller.abort();
      await Promise.allSettled(waits);
    }
  }, 30_000);

  it('answers at once with what it knows when the caller does not know a state, and after maxWaitMs without a change', async () => {
    const uid = await generateAsync(team.relays[0]!, ALICE_TOKEN, team.images);
    const first = (await (await waitAsync(ALICE_TOKEN, { TaskUIDList: [uid] })).json()) as Record<string, unknown>;
    expect(first['changed']).toBe(true);
    expect((first['TaskDetailList'] as Record<string, unknown>[])[0]!['Status']).toBe('Queuing');
    const quiet = (await (await waitAsync(ALICE_TOKEN, { TaskUIDList: [uid], known: { [uid]: 'queued' }, maxWaitMs: 600 })).json()) as Record<string, unknown>;
    expect(quiet['changed']).toBe(false);
    expect((quiet['TaskDetailList'] as Record<string, unknown>[])[0]!['TaskUID']).toBe(uid);
  });

  it("answers another designer's task as one PICPIK does not know, without polling it", async () => {
    const uid = await generateAsync(team.relays[0]!, ALICE_TOKEN, team.images);
    const pollsBefore = await upstreamPollsAsync();
    const res = await waitAsync(BOB_TOKEN, { TaskUIDList: [uid], known: { [uid]: 'queued' } });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as Record<string, unknown>;
    expect(answer['changed']).toBe(true);
    expect(answer['TaskDetailList']).toEqual([expect.objectContaining({ TaskUID: uid, Status: 'Error', ErrorCode: 4040, ImgList: [] })]);
    // Known as missing, it is reported again as missing, as after a poll that did not find it.
    const known = (await (await waitAsync(BOB_TOKEN, { TaskUIDList: [uid], known: { [uid]: 'missing' } })).json()) as Record<string, unknown>;
    expect(known['TaskDetailList']).toEqual([expect.objectContaining({ TaskUID: uid, ErrorCode: 4040 })]);
    expect(await upstreamPollsAsync()).toBe(pollsBefore);
  });

  it('refuses bounded and malformed inputs, naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ TaskUIDList: Array.from({ length: 101 }, (_, i) => `t${i}`) }, 'TaskUIDList'],
      [{ TaskUIDList: [] }, 'TaskUIDList'],
      [{ TaskUIDList: ['ok', 'bad id'] }, 'TaskUIDList[1]'],
      [{ TaskUIDList: ['a'], maxWaitMs: 30_000 }, 'maxWaitMs'],
      [{ TaskUIDList: ['a'], known: { a: 'finished' } }, 'known.a'],
      [{ TaskUIDList: ['a'], known: { b: 'queued' } }, 'known.b'],
      [{ TaskUIDList: ['a'], extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await waitAsync(ALICE_TOKEN, body);
      const json = (await res.json()) as Record<string, unknown>;
      expect([res.status, json['Field']], JSON.stringify(body).slice(0, 80)).toEqual([400, field]);
    }
    const big = await fetch(`${relayUrl()}/v1/tasks/wait`, { method: 'POST', headers: authHeaders(ALICE_TOKEN), body: JSON.stringify({ TaskUIDList: ['a'], pad: 'x'.repeat(70_000) }) });
    const bigJson = (await big.json()) as Record<string, unknown>;
    expect([big.status, bigJson['Field']]).toEqual([413, 'body']);
    expect(String(bigJson['Message'])).toMatch(/larger than this relay accepts \(65536 bytes\)\. A wait lists task ids and their states: split a longer list\./);
    const text = await fetch(`${relayUrl()}/v1/tasks/wait`, { method: 'POST', headers: { ...authHeaders(ALICE_TOKEN), 'content-type': 'text/plain' }, body: JSON.stringify({ TaskUIDList: ['a'] }) });
    expect([text.status, ((await text.json()) as Record<string, unknown>)['Field']]).toEqual([415, 'Content-Type']);
    const noToken = await fetch(`${relayUrl()}/v1/tasks/wait`, { method: 'POST', body: JSON.stringify({ TaskUIDList: ['a'] }) });
    expect(noToken.status).toBe(401);
  });

  it('answers a wait body that stops arriving with 408 once the grace and the minimum rate have passed, as POST / does', async () => {
    const { port } = new URL(relayUrl());
    const socket = net.connect(Number(port), '127.0.0.1');
    socket.on('error', () => undefined);
    const answer = new Promise<string>((resolve) => {
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      socket.on('close', () => resolve(received));
    });
    const body = JSON.stringify({ TaskUIDList: ['a'] });
    socket.write(`POST /v1/tasks/wait HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nauthorization: Bearer ${ALICE_TOKEN}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
    const received = await answer;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    // The relay's own answer: Node's request timeout (300 s) would answer 408 without a body.
    expect(received).toMatch(/arrived too slowly/);
  });

  it('leaves nothing watching, and stops polling, once a client drops mid-wait', async () => {
    const uid = await generateAsync(team.relays[0]!, CAROL_TOKEN, team.images);
    const controller = new AbortController();
    const dropped = waitAsync(CAROL_TOKEN, { TaskUIDList: [uid], known: { [uid]: 'queued' } }, controller.signal).catch((error: unknown) => error);
    await sleep(800);
    expect(await metricAsync('relay_task_waiters')).toBe(1);
    controller.abort();
    expect(await dropped).toBeInstanceOf(Error);
    await sleep(300);
    expect(await metricAsync('relay_task_waiters')).toBe(0);
    const polls = await upstreamPollsAsync();
    await sleep(1200);
    expect(await upstreamPollsAsync()).toBe(polls);
  });
});
