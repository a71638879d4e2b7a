// The embedded store (SQLite in RELAY_DATA_DIR): tokens kept only as hashes, RELAY_TOKENS seeding
// that never revives a revoked name, and tokens, ownership and usage surviving a relay restart.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayAsync } from '../../../src/relay/serve';
import { EMBEDDED_STORE_FILE } from '../../../src/relay/store/sqlite-driver';
import { openRelayStoreAsync } from '../../../src/relay/store/open-relay-store';
import { MIGRATIONS } from '../../../src/relay/store/migrations';
import { seedRelayTokensAsync } from '../../../src/relay/team/seed-relay-tokens';
import { hashTokenAsync } from '../../../src/relay/team/token-hash';
import { ALICE_TOKEN, BOB_TOKEN, authHeaders, emulatorStatsAsync, makeRelayConfig, relayEnvFor, validGenerateBody } from '../relay-fixtures';
import { emulatorCreditsAsync, finishTaskAsync, generateAsync, postAsync, runAdminAsync, startTeamAsync, taskDetailsAsync, type Team } from './team-fixtures';

const dataDir = mkdtempSync(join(tmpdir(), 'relay-embedded-'));
const storeEnv = { RELAY_DATA_DIR: dataDir };
let team: Team;

beforeAll(async () => {
  team = await startTeamAsync(storeEnv, 1);
}, 60_000);

afterAll(async () => {
  await team?.closeAsync();
});

describe('embedded store', () => {
  it('keeps tokens, ownership and usage across a relay restart', async () => {
    const added = await runAdminAsync(storeEnv, ['tokens', 'add', 'fay', '--budget', '1000']);
    const token = /(bdr_\S+)/.exec(added)?.[1] ?? '';
    const uid = await generateAsync(team.relays[0]!, token, team.images);
    await finishTaskAsync(team.emulator, uid);
    await taskDetailsAsync(team.relays[0]!, token, [uid]);
    const credits = (await emulatorCreditsAsync(team.emulator, [uid])).get(uid) ?? 0;
    expect(credits).toBeGreaterThan(0);

    await team.relays[0]!.close();
    const restarted = await startRelayAsync(makeRelayConfig(relayEnvFor(team.emulator.url, { RELAY_TEAM_VISIBLE_TASKS: '0', ...storeEnv })), { log: () => undefined });
    team.relays[0] = restarted;
    const me = await fetch(`${restarted.url}/v1/me`, { headers: authHeaders(token) });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ name: 'fay', creditsUsed: credits, creditsBudget: 1000, tasks: 1 });
    const [own] = await taskDetailsAsync(restarted, token, [uid]);
    expect(own).toMatchObject({ TaskUID: uid, Status: 'Finished' });
    const [others] = await taskDetailsAsync(restarted, BOB_TOKEN, [uid]);
    expect(others).toMatchObject({ TaskUID: uid, ErrorMassage: 'task not found' });
    // Seeing it finish again after the restart does not count it twice.
    expect(await runAdminAsync(storeEnv, ['usage'])).toMatch(new RegExp(`^fay\\s+1\\s+1\\s+${credits}$`, 'm'));
  });

  it('holds a running task\'s least cost against the budget: of a burst of submissions only what the budget allows goes to PICPIK, and holds go once tasks end', async () => {
    const added = await runAdminAsync(storeEnv, ['tokens', 'add', 'gus', '--budget', '6']);
    const token = /(bdr_\S+)/.exec(added)?.[1] ?? '';
    const relay = team.relays[0]!;
    const submittedBefore = (await emulatorStatsAsync(team.emulator)).tasks.submitted;
    const body = { ...validGenerateBody(team.images), BatchSize: 4 };
    const answers = await Promise.all(Array.from({ length: 30 }, () => postAsync(relay, token, body)));
    const accepted = answers.filter((answer) => answer.status === 200 && answer.json['RetCode'] === 0);
    const refused = answers.filter((answer) => answer.status === 402);
    // Nothing used yet: the first holds 4 of the 6 credits, the second 4 more (4 < 6), then none.
    expect([accepted.length, refused.length]).toEqual([2, 28]);
    expect(String(refused[0]!.json['Message'])).toMatch(/budget of 6 credits is used up \(0 used in \d{4}-\d{2}, 8 held by tasks still running\)/);
    expect((await emulatorStatsAsync(team.emulator)).tasks.submitted).toBe(submittedBefore + 2);
    // Once both end and their cost is recorded, the budget counts what they used, not what they held.
    const uids = accepted.map((answer) => String(answer.json['TaskUID']));
    for (const uid of uids) await finishTaskAsync(team.emulator, uid);
    await taskDetailsAsync(relay, token, uids);
    const used = [...(await emulatorCreditsAsync(team.emulator, uids)).values()].reduce((a, b) => a + b, 0);
    const after = await postAsync(relay, token, body);
    if (used < 6) expect(after.json['RetCode']).toBe(0);
    else expect([after.status, String(after.json['Message'])]).toEqual([402, expect.stringMatching(new RegExp(`\\(${used} used in \\d{4}-\\d{2}\\)`))]);
  });

  it('stores tokens only as SHA-256 hashes', async () => {
    const bytes = readFileSync(join(dataDir, EMBEDDED_STORE_FILE)).toString('latin1') + readFileSync(join(dataDir, `${EMBEDDED_STORE_FILE}-wal`)).toString('latin1');
    for (const token of [ALICE_TOKEN, BOB_TOKEN]) {
      expect(bytes).not.toContain(token);
      expect(bytes).toContain(await hashTokenAsync(token));
    }
  });

  it('GET /v1/me without a valid token is 401, and answers for an RELAY_TOKENS designer without a budget', async () => {
    const relay = team.relays[0]!;
    expect((await fetch(`${relay.url}/v1/me`, { headers: authHeaders('not-a-token-123') })).status).toBe(401);
    const me = await fetch(`${relay.url}/v1/me`, { headers: authHeaders(BOB_TOKEN) });
    expect(await me.json()).toEqual({ name: 'bob', month: new Date().toISOString().slice(0, 7), creditsUsed: 0, creditsBudget: null, tasks: 0 });
  });

  it('publishes Prometheus metrics with requests by action and status', async () => {
    const relay = team.relays[0]!;
    await postAsync(relay, ALICE_TOKEN, { Action: 'ListModels' });
    const text = await (await fetch(`${relay.url}/metrics`)).text();
    expect(text).toMatch(/relay_requests_total\{action="ListModels",status="200"\} [1-9]/);
    expect(text).toMatch(/relay_upstream_duration_seconds_count\{kind="json",outcome="ok"\} [1-9]/);
    expect(text).toContain('relay_credits_used_total');
    const health = await (await fetch(`${relay.url}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, store: { kind: 'sqlite', reachable: true } });
  });
});

describe('metrics under a hostile client', () => {
  it('counts made-up action names under one label, so they cannot grow the series without bound', async () => {
    const relay = team.relays[0]!;
    const made = Array.from({ length: 20 }, (_, i) => `MadeUpAction${i}x${Date.now()}`);
    for (const action of made) expect((await postAsync(relay, ALICE_TOKEN, { Action: action })).status).toBe(403);
    const text = await (await fetch(`${relay.url}/metrics`)).text();
    expect(text).not.toContain('MadeUpAction');
    expect(text).toMatch(/relay_requests_total\{action="unknown action",status="403"\} (\d+)/);
    expect(Number(/relay_requests_total\{action="unknown action",status="403"\} (\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(20);
    expect(text).not.toContain(ALICE_TOKEN);
  });
});

describe('RELAY_TOKENS seeding and migrations', () => {
  it('adds entries, follows a changed token, and never revives a revoked name', async () => {
    const store = await openRelayStoreAsync({ databaseUrl: undefined, dataDir: ':memory:' });
    await seedRelayTokensAsync(store, [{ id: 'gus', token: 'first-token-1234' }], 1);
    await seedRelayTokensAsync(store, [{ id: 'gus', token: 'second-token-1234' }], 2);
    expect(await store.designerByTokenHashAsync(await hashTokenAsync('first-token-1234'))).toBeUndefined();
    expect((await store.designerByTokenHashAsync(await hashTokenAsync('second-token-1234')))?.name).toBe('gus');
    expect(await store.revokeDesignerAsync('gus', 3)).toBe(true);
    await seedRelayTokensAsync(store, [{ id: 'gus', token: 'second-token-1234' }], 4);
    expect(await store.designerByTokenHashAsync(await hashTokenAsync('second-token-1234'))).toBeUndefined();
    await store.closeAsync();
  });

  it('applies each migration once and records its version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-migrate-'));
    for (let open = 0; open < 2; open += 1) {
      const store = await openRelayStoreAsync({ databaseUrl: undefined, dataDir: dir });
      await store.closeAsync();
    }
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(dir, EMBEDDED_STORE_FILE), { readonly: true });
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    db.close();
  });

  it('names RELAY_DATABASE_URL when PostgreSQL cannot be reached', async () => {
    await expect(openRelayStoreAsync({ databaseUrl: 'postgres://relay:secret@127.0.0.1:1/relay', dataDir: '' })).rejects.toThrow(/^RELAY_DATABASE_URL: .*127\.0\.0\.1:1/);
    await expect(openRelayStoreAsync({ databaseUrl: 'postgres://relay:secret@127.0.0.1:1/relay', dataDir: '' })).rejects.not.toThrow(/secret/);
  });
});
