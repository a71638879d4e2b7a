// The one SQL surface both store backends share: statements written once with `?` placeholders
// in the subset SQLite and PostgreSQL both speak (ON CONFLICT upserts, RETURNING, COALESCE).
export type SqlValue = string | number | null;
export type SqlRow = Record<string, SqlValue>;

export interface SqlDriver {
  readonly kind: 'sqlite' | 'postgres';
  /** Rows of a SELECT (or of a statement with RETURNING). */
  allAsync(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Runs a statement; resolves with the number of rows it changed. */
  runAsync(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs `work` with no other migration running at the same time (across processes). */
  withMigrationLockAsync<T>(work: () => Promise<T>): Promise<T>;
  closeAsync(): Promise<void>;
}
