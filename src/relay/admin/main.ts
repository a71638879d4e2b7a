// `npm run relay:admin -- ...`: manages designers, budgets and usage reports in the relay's store
// (the one RELAY_DATABASE_URL or RELAY_DATA_DIR names), while relays keep running.
import { z } from 'zod';
import { DEFAULT_RELAY_DATA_DIR } from '../config';
import { openRelayStoreAsync } from '../store/open-relay-store';
import { AdminUsageError, parseAdminArgs } from './parse-admin-args';
import { runAdminCommandAsync } from './run-admin-command';

const StoreEnvSchema = z.object({
  RELAY_DATABASE_URL: z.optional(z.url({ protocol: /^postgres(ql)?$/, message: 'RELAY_DATABASE_URL must be a postgres:// URL' })),
  RELAY_DATA_DIR: z.optional(z.string().min(1)),
});

async function mainAsync(): Promise<number> {
  let command;
  try {
    command = parseAdminArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof AdminUsageError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const env = StoreEnvSchema.safeParse({
    RELAY_DATABASE_URL: process.env.RELAY_DATABASE_URL || undefined,
    RELAY_DATA_DIR: process.env.RELAY_DATA_DIR || undefined,
  });
  if (!env.success) {
    console.error(env.error.issues.map((issue) => issue.message).join('\n'));
    return 2;
  }
  const store = await openRelayStoreAsync({ databaseUrl: env.data.RELAY_DATABASE_URL, dataDir: env.data.RELAY_DATA_DIR ?? DEFAULT_RELAY_DATA_DIR });
  try {
    console.log(await runAdminCommandAsync(store, command));
    return 0;
  } catch (error) {
    if (error instanceof AdminUsageError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await store.closeAsync();
  }
}

mainAsync().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
