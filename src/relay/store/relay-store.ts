// The relay's durable state behind one interface: designers (hashed tokens, budgets), which
// designer made which task, each task's credits, and shared rate-limit windows. One SQL
// implementation serves both backends (SQLite embedded, PostgreSQL for replicas).
import type { SqlDriver, SqlRow } from './sql-driver';

export interface Designer {
  name: string;
  source: 'env' | 'admin';
  createdAt: number;
  lastUsedAt: number | null;
  budgetCredits: number | null;
  revokedAt: number | null;
}

export interface DesignerUsage {
  designer: string;
  tasks: number;
  images: number;
  credits: number;
}

interface FinishedTask {
  credits: number;
  imageUrls: readonly string[];
  at: number;
}

export interface RelayStore {
  readonly kind: SqlDriver['kind'];
  /** The active (not revoked) designer holding the token with this hash. */
  designerByTokenHashAsync(tokenHash: string): Promise<Designer | undefined>;
  /** Every designer the store has ever held, revoked ones included. */
  countDesignersAsync(): Promise<number>;
  /** RELAY_TOKENS entries: added when new, their hash updated when the name came from RELAY_TOKENS and is not revoked. */
  seedDesignersAsync(entries: readonly { name: string; tokenHash: string }[], at: number): Promise<void>;
  /** Adds a designer, or gives a revoked name a new token. False when the name is active. */
  addDesignerAsync(name: string, tokenHash: string, budgetCredits: number | null, at: number): Promise<boolean>;
  listDesignersAsync(): Promise<Designer[]>;
  revokeDesignerAsync(name: string, at: number): Promise<boolean>;
  setBudgetAsync(name: string, budgetCredits: number | null): Promise<boolean>;
  touchDesignerAsync(name: string, at: number): Promise<void>;
  recordTaskAsync(task: { taskUid: string; designer: string; action: string; createdAt: number }): Promise<void>;
  /** The designer of each of these tasks the store knows. */
  ownersOfAsync(taskUids: readonly string[]): Promise<Map<string, string>>;
  /** Records a finished task's cost once; true only for the call that recorded it. */
  recordTaskFinishedAsync(taskUid: string, finished: FinishedTask): Promise<boolean>;
  /** Which of these tasks some replica has recorded as finished. */
  finishedOfAsync(taskUids: readonly string[]): Promise<Set<string>>;
  imageUrlsOfAsync(taskUid: string): Promise<string[] | undefined>;
  usageOfAsync(designer: string, month: string): Promise<DesignerUsage>;
  usageAsync(month: string): Promise<DesignerUsage[]>;
  /**
   * Refills the key's token bucket (capacity `capacity`, `perMs` tokens a millisecond) up to
   * `at` and takes one token when there is one; answers whether it did and what is left.
   */
  takeRateTokenAsync(key: string, at: number, capacity: number, perMs: number): Promise<{ allowed: boolean; tokens: number }>;
  /** Drops buckets untouched since `before` (they would be full again). */
  pruneRateBucketsAsync(before: number): Promise<void>;
  pingAsync(): Promise<void>;
  closeAsync(): Promise<void>;
}

/** UTC calendar month of a time, as YYYY-MM: the period budgets and usage are counted in. */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

const num = (value: SqlRow[string] | undefined): number => (value === null || value === undefined ? 0 : Number(value));
const numOrNull = (value: SqlRow[string] | undefined): number | null => (value === null || value === undefined ? null : Number(value));

function designerOf(row: SqlRow): Designer {
  return {
    name: String(row['name']),
    source: row['source'] === 'env' ? 'env' : 'admin',
    createdAt: num(row['created_at']),
    lastUsedAt: numOrNull(row['last_used_at']),
    budgetCredits: numOrNull(row['budget_credits']),
    revokedAt: numOrNull(row['revoked_at']),
  };
}

const DESIGNER_COLUMNS = 'name, source, created_at, last_used_at, budget_credits, revoked_at';
const USAGE_COLUMNS = 'COUNT(*) AS tasks, COALESCE(SUM(images), 0) AS images, COALESCE(SUM(credits), 0) AS credits';

export function createSqlRelayStore(driver: SqlDriver): RelayStore {
  return {
    kind: driver.kind,
    async designerByTokenHashAsync(tokenHash) {
      const rows = await driver.allAsync(`SELECT ${DESIGNER_COLUMNS} FROM designers WHERE token_hash = ? AND revoked_at IS NULL`, [tokenHash]);
      return rows[0] ? designerOf(rows[0]) : undefined;
    },
    async countDesignersAsync() {
      const rows = await driver.allAsync('SELECT COUNT(*) AS n FROM designers');
      return num(rows[0]?.['n']);
    },
    async seedDesignersAsync(entries, at) {
      for (const entry of entries) {
        await driver.runAsync(
          `INSERT INTO designers (name, token_hash, source, created_at) VALUES (?, ?, 'env', ?)
           ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash
           WHERE designers.source = 'env' AND designers.revoked_at IS NULL`,
          [entry.name, entry.tokenHash, at],
        );
      }
    },
    async addDesignerAsync(name, tokenHash, budgetCredits, at) {
      const changed = await driver.runAsync(
        `INSERT INTO designers (name, token_hash, source, created_at, budget_credits) VALUES (?, ?, 'admin', ?, ?)
         ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, source = 'admin', created_at = excluded.created_at,
           budget_credits = excluded.budget_credits, revoked_at = NULL, last_used_at = NULL
         WHERE designers.revoked_at IS NOT NULL`,
        [name, tokenHash, at, budgetCredits],
      );
      return changed > 0;
    },
    async listDesignersAsync() {
      return (await driver.allAsync(`SELECT ${DESIGNER_COLUMNS} FROM designers ORDER BY name`)).map(designerOf);
    },
    async revokeDesignerAsync(name, at) {
      return (await driver.runAsync('UPDATE designers SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL', [at, name])) > 0;
    },
    async setBudgetAsync(name, budgetCredits) {
      return (await driver.runAsync('UPDATE designers SET budget_credits = ? WHERE name = ? AND revoked_at IS NULL', [budgetCredits, name])) > 0;
    },
    async touchDesignerAsync(name, at) {
      await driver.runAsync('UPDATE designers SET last_used_at = ? WHERE name = ?', [at, name]);
    },
    async recordTaskAsync(task) {
      await driver.runAsync(
        'INSERT INTO tasks (task_uid, designer, action, month, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (task_uid) DO NOTHING',
        [task.taskUid, task.designer, task.action, monthOf(task.createdAt), task.createdAt],
      );
    },
    async ownersOfAsync(taskUids) {
      const owners = new Map<string, string>();
      if (taskUids.length === 0) return owners;
      const marks = taskUids.map(() => '?').join(', ');
      const rows = await driver.allAsync(`SELECT task_uid, designer FROM tasks WHERE task_uid IN (${marks})`, taskUids);
      for (const row of rows) owners.set(String(row['task_uid']), String(row['designer']));
      return owners;
    },
    async recordTaskFinishedAsync(taskUid, finished) {
      // The WHERE makes the first replica's update the only one that counts.
      const changed = await driver.runAsync(
        'UPDATE tasks SET finished_at = ?, credits = ?, images = ?, image_urls = ? WHERE task_uid = ? AND finished_at IS NULL',
        [finished.at, finished.credits, finished.imageUrls.length, JSON.stringify(finished.imageUrls), taskUid],
      );
      return changed > 0;
    },
    async finishedOfAsync(taskUids) {
      const finished = new Set<string>();
      if (taskUids.length === 0) return finished;
      const marks = taskUids.map(() => '?').join(', ');
      const rows = await driver.allAsync(`SELECT task_uid FROM tasks WHERE task_uid IN (${marks}) AND finished_at IS NOT NULL`, taskUids);
      for (const row of rows) finished.add(String(row['task_uid']));
      return finished;
    },
    async imageUrlsOfAsync(taskUid) {
      const rows = await driver.allAsync('SELECT image_urls FROM tasks WHERE task_uid = ? AND image_urls IS NOT NULL', [taskUid]);
      const text = rows[0]?.['image_urls'];
      if (typeof text !== 'string') return undefined;
      const urls: unknown = JSON.parse(text);
      return Array.isArray(urls) && urls.every((url) => typeof url === 'string') && urls.length > 0 ? (urls as string[]) : undefined;
    },
    async usageOfAsync(designer, month) {
      const rows = await driver.allAsync(`SELECT ${USAGE_COLUMNS} FROM tasks WHERE designer = ? AND month = ?`, [designer, month]);
      return { designer, tasks: num(rows[0]?.['tasks']), images: num(rows[0]?.['images']), credits: num(rows[0]?.['credits']) };
    },
    async usageAsync(month) {
      const rows = await driver.allAsync(`SELECT designer, ${USAGE_COLUMNS} FROM tasks WHERE month = ? GROUP BY designer ORDER BY designer`, [month]);
      return rows.map((row) => ({ designer: String(row['designer']), tasks: num(row['tasks']), images: num(row['images']), credits: num(row['credits']) }));
    },
    async takeRateTokenAsync(key, at, capacity, perMs) {
      // SET expressions read the row as it was, in SQLite and PostgreSQL alike; a replica whose
      // clock lags refills nothing rather than a negative amount.
      const elapsed = 'CASE WHEN excluded.updated_at > rate_buckets.updated_at THEN excluded.updated_at - rate_buckets.updated_at ELSE 0 END';
      // Casts: PostgreSQL would otherwise type the rate as the BIGINT it multiplies.
      const real = 'CAST(? AS DOUBLE PRECISION)';
      const level = `CASE WHEN rate_buckets.tokens + ${elapsed} * ${real} >= ${real} THEN ${real} ELSE rate_buckets.tokens + ${elapsed} * ${real} END`;
      const rows = await driver.allAsync(
        `INSERT INTO rate_buckets (rate_key, tokens, updated_at, allowed) VALUES (?, ?, ?, 1)
         ON CONFLICT (rate_key) DO UPDATE SET
           tokens = CASE WHEN ${level} >= 1 THEN ${level} - 1 ELSE ${level} END,
           allowed = CASE WHEN ${level} >= 1 THEN 1 ELSE 0 END,
           updated_at = CASE WHEN excluded.updated_at > rate_buckets.updated_at THEN excluded.updated_at ELSE rate_buckets.updated_at END
         RETURNING tokens, allowed`,
        [key, capacity - 1, at, ...Array<number[]>(4).fill([perMs, capacity, capacity, perMs]).flat()],
      );
      return { allowed: num(rows[0]?.['allowed']) === 1, tokens: num(rows[0]?.['tokens']) };
    },
    async pruneRateBucketsAsync(before) {
      await driver.runAsync('DELETE FROM rate_buckets WHERE updated_at < ?', [before]);
    },
    async pingAsync() {
      await driver.allAsync('SELECT 1 AS ok');
    },
    closeAsync: () => driver.closeAsync(),
  };
}
