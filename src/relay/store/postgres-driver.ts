// The shared backend for several replicas: a PostgreSQL pool (pg). The store's `?` placeholders
// become `$1..$n`; 64-bit integers (times in ms, sums) come back as numbers.
import pg from 'pg';
import type { SqlDriver, SqlRow, SqlValue } from './sql-driver';

/** Any constant shared by every replica: they serialise their migrations on it. */
const MIGRATION_LOCK_KEY = 7_316_402;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** `?` -> `$n`. The store's SQL never holds a `?` inside a string literal. */
function toPostgresPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const numberTypes = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as unknown as pg.CustomTypesConfig;

export function openPostgresDriver(databaseUrl: string, poolSize = 10): SqlDriver {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, types: numberTypes, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection must not crash the relay; the next query reconnects.
  pool.on('error', () => undefined);
  // Named statements: each connection parses and plans a statement once, not on every call.
  const statements = new Map<string, { name: string; text: string }>();
  const statementOf = (sql: string, values: readonly SqlValue[]): pg.QueryConfig => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = { name: `relay_${statements.size}`, text: toPostgresPlaceholders(sql) };
      statements.set(sql, statement);
    }
    return { ...statement, values: [...values] };
  };
  return {
    kind: 'postgres',
    allAsync: async (sql, params: readonly SqlValue[] = []) => (await pool.query(statementOf(sql, params))).rows as SqlRow[],
    runAsync: async (sql, params: readonly SqlValue[] = []) => (await pool.query(statementOf(sql, params))).rowCount ?? 0,
    async withMigrationLockAsync(work) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          return await work();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        client.release();
      }
    },
    closeAsync: () => pool.end(),
  };
}
