// The admin command's arguments, checked before the store is touched: each mistake names the
// argument and what it must be.
import { z } from 'zod';

export type AdminCommand =
  | { kind: 'tokens add'; name: string; budget: number | null }
  | { kind: 'tokens list' }
  | { kind: 'tokens revoke'; name: string }
  | { kind: 'budget set'; name: string; budget: number | null }
  | { kind: 'usage'; month: string | undefined; format: 'table' | 'csv' | 'json' };

const ADMIN_USAGE = `Usage: npm run relay:admin -- <command>
  tokens add <name> [--budget <credits>]   create a designer; prints the new token once
  tokens list                              names, created, last used, budget (never tokens)
  tokens revoke <name>                     every replica refuses the token within 5 s
  budget set <name> <credits|none>         monthly credit budget
  usage [--month YYYY-MM] [--format table|csv|json]
The store is the relay's: RELAY_DATABASE_URL, else RELAY_DATA_DIR (default .relay-data).`;

export class AdminUsageError extends Error {}

const NameSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, ".", "_" or "-"');
const CreditsSchema = z.coerce.number({ message: 'must be a whole number of credits or "none"' }).int('must be a whole number of credits').min(0, 'must be 0 or more').max(1_000_000_000, 'must be at most 1000000000');

function check<T>(schema: z.ZodType<T>, value: string | undefined, what: string): T {
  if (value === undefined) throw new AdminUsageError(`${what} is required.\n\n${ADMIN_USAGE}`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AdminUsageError(`${what} ${parsed.error.issues[0]?.message ?? 'is not valid'} (got "${value}").`);
  return parsed.data;
}

const budgetOf = (value: string | undefined, what: string): number | null => (value === 'none' ? null : check(CreditsSchema, value, what));

/** Splits `--flag value` pairs from positional words; unknown flags are refused. */
function splitFlags(args: readonly string[], allowed: readonly string[]): { words: string[]; flags: Map<string, string> } {
  const words: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    if (!allowed.includes(flag)) throw new AdminUsageError(`Unknown option ${flag}.\n\n${ADMIN_USAGE}`);
    const value = inline ?? args[(i += 1)];
    if (value === undefined) throw new AdminUsageError(`${flag} needs a value.`);
    flags.set(flag, value);
  }
  return { words, flags };
}

export function parseAdminArgs(args: readonly string[]): AdminCommand {
  const { words, flags } = splitFlags(args, ['--budget', '--month', '--format']);
  const [group, verb, ...rest] = words;
  const command = `${group ?? ''} ${verb ?? ''}`.trim();
  if (command === 'tokens add') {
    return { kind: 'tokens add', name: check(NameSchema, rest[0], 'The designer name'), budget: flags.has('--budget') ? budgetOf(flags.get('--budget'), '--budget') : null };
  }
  if (command === 'tokens list') return { kind: 'tokens list' };
  if (command === 'tokens revoke') return { kind: 'tokens revoke', name: check(NameSchema, rest[0], 'The designer name') };
  if (command === 'budget set') {
    return { kind: 'budget set', name: check(NameSchema, rest[0], 'The designer name'), budget: budgetOf(rest[1], 'The budget (credits or "none")') };
  }
  if (group === 'usage') {
    const month = flags.get('--month');
    if (month !== undefined) check(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM'), month, '--month');
    const format = check(z.enum(['table', 'csv', 'json'], { message: 'must be table, csv or json' }), flags.get('--format') ?? 'table', '--format');
    return { kind: 'usage', month, format };
  }
  throw new AdminUsageError(command ? `Unknown command "${command}".\n\n${ADMIN_USAGE}` : ADMIN_USAGE);
}
