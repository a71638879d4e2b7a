// Opens the store the configuration names: PostgreSQL when RELAY_DATABASE_URL is set, else the
// embedded SQLite file in RELAY_DATA_DIR; applies migrations. Failures name the variable to fix.
import { applyMigrationsAsync } from './migrations';
import { openPostgresDriver } from './postgres-driver';
import { createSqlRelayStore, type RelayStore } from './relay-store';
import { openSqliteDriver } from './sqlite-driver';
import type { SqlDriver } from './sql-driver';

export interface StoreSettings {
  /** RELAY_DATABASE_URL: a postgres:// URL, for several replicas. */
  databaseUrl: string | undefined;
  /** RELAY_DATA_DIR: where the embedded store keeps its file. */
  dataDir: string;
}

class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return '(not a URL)';
  }
}

export async function openRelayStoreAsync(settings: StoreSettings): Promise<RelayStore> {
  let driver: SqlDriver;
  const variable = settings.databaseUrl ? 'RELAY_DATABASE_URL' : 'RELAY_DATA_DIR';
  const where = settings.databaseUrl ? redactUrl(settings.databaseUrl) : settings.dataDir;
  try {
    driver = settings.databaseUrl ? openPostgresDriver(settings.databaseUrl) : openSqliteDriver(settings.dataDir);
  } catch (error) {
    throw new StoreUnavailableError(`${variable}: cannot open the relay store at ${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  try {
    await applyMigrationsAsync(driver);
  } catch (error) {
    await driver.closeAsync().catch(() => undefined);
    throw new StoreUnavailableError(`${variable}: cannot use the relay store at ${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return createSqlRelayStore(driver);
}
