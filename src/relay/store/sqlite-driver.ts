// The embedded backend: one SQLite file (better-sqlite3) in RELAY_DATA_DIR, WAL mode so the admin
// command can write while the relay runs. Statements are prepared once and reused.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { SqlDriver, SqlRow, SqlValue } from './sql-driver';

export const EMBEDDED_STORE_FILE = 'relay.sqlite';

/** Opens (creating when needed) `<dataDir>/relay.sqlite`, or an in-memory database for ':memory:'. */
export function openSqliteDriver(dataDir: string): SqlDriver {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true });
    file = join(resolve(dataDir), EMBEDDED_STORE_FILE);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // Another process (the admin command) may hold the write lock for a moment.
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    kind: 'sqlite',
    allAsync: async (sql, params: readonly SqlValue[] = []) => prepared(sql).all(...params) as SqlRow[],
    runAsync: async (sql, params: readonly SqlValue[] = []) => {
      const statement = prepared(sql);
      if (statement.reader) return statement.all(...params).length;
      return statement.run(...params).changes;
    },
    // One process writes a SQLite file at a time; an immediate transaction makes a second wait.
    async withMigrationLockAsync(work) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    async closeAsync() {
      statements.clear();
      db.close();
    },
  };
}
