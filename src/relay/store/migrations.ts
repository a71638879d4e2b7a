// The store's schema as numbered migrations, applied in order at start by every process that
// opens the store (relay replicas, the admin command). Each runs once: its number is recorded.
// Only types and statements both SQLite and PostgreSQL accept: TEXT, BIGINT, INTEGER.
import type { SqlDriver } from './sql-driver';

export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'designers, tasks, rate buckets',
    statements: [
      // A designer's token is kept only as its SHA-256; revoked rows stay so usage keeps its name
      // and RELAY_TOKENS cannot bring a revoked name back at the next start.
      `CREATE TABLE designers (
        name TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        last_used_at BIGINT,
        budget_credits BIGINT,
        revoked_at BIGINT
      )`,
      // One row per task a designer created; credits and images are filled once, by whichever
      // replica first sees the task finished. `month` (UTC, YYYY-MM) is the month it was created.
      `CREATE TABLE tasks (
        task_uid TEXT PRIMARY KEY,
        designer TEXT NOT NULL,
        action TEXT NOT NULL,
        month TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        finished_at BIGINT,
        credits BIGINT,
        images INTEGER,
        image_urls TEXT
      )`,
      'CREATE INDEX tasks_by_designer_month ON tasks (designer, month)',
      // Token buckets per key, refilled and drawn in one atomic upsert (see relay-store.ts).
      `CREATE TABLE rate_buckets (
        rate_key TEXT PRIMARY KEY,
        tokens DOUBLE PRECISION NOT NULL,
        updated_at BIGINT NOT NULL,
        allowed INTEGER NOT NULL
      )`,
    ],
  },
];

/** Applies every migration newer than the store's; returns the versions applied. */
export async function applyMigrationsAsync(driver: SqlDriver, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return driver.withMigrationLockAsync(async () => {
    await driver.runAsync('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const rows = await driver.allAsync('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((row) => Number(row['version'])));
    const known = Math.max(0, ...migrations.map((migration) => migration.version));
    const newest = Math.max(0, ...done);
    if (newest > known) {
      throw new Error(`The relay store is at schema version ${newest}, newer than this relay knows (${known}): update the relay.`);
    }
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await driver.runAsync(statement);
      await driver.runAsync('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, Date.now()]);
      applied.push(migration.version);
    }
    return applied;
  });
}
