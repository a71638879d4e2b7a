// The admin command's arguments and the store variables: every mistake is named before the
// store is touched.
import { describe, expect, it } from 'vitest';
import { AdminUsageError, parseAdminArgs } from '../../../src/relay/admin/parse-admin-args';
import { RelayConfigError } from '../../../src/relay/config';
import { makeRelayConfig } from '../relay-fixtures';

const problemOf = (args: string[]): string => {
  try {
    parseAdminArgs(args);
  } catch (error) {
    if (error instanceof AdminUsageError) return error.message;
    throw error;
  }
  throw new Error('expected an AdminUsageError');
};

describe('admin command arguments', () => {
  it('reads each command with its options', () => {
    expect(parseAdminArgs(['tokens', 'add', 'maya', '--budget', '1000'])).toEqual({ kind: 'tokens add', name: 'maya', budget: 1000 });
    expect(parseAdminArgs(['tokens', 'add', 'omar'])).toEqual({ kind: 'tokens add', name: 'omar', budget: null });
    expect(parseAdminArgs(['tokens', 'revoke', 'maya'])).toEqual({ kind: 'tokens revoke', name: 'maya' });
    expect(parseAdminArgs(['budget', 'set', 'maya', 'none'])).toEqual({ kind: 'budget set', name: 'maya', budget: null });
    expect(parseAdminArgs(['usage', '--month=2026-11', '--format', 'csv'])).toEqual({ kind: 'usage', month: '2026-11', format: 'csv' });
    expect(parseAdminArgs(['usage'])).toEqual({ kind: 'usage', month: undefined, format: 'table' });
  });

  it('names the argument and the rule when one is wrong', () => {
    expect(problemOf(['budget', 'set', 'maya', 'lots'])).toMatch(/budget .*whole number of credits or "none".*"lots"/);
    expect(problemOf(['tokens', 'add', 'has space'])).toMatch(/designer name must be 1-64 letters/);
    expect(problemOf(['usage', '--month', '2026-13'])).toMatch(/--month must be YYYY-MM/);
    expect(problemOf(['usage', '--format', 'xml'])).toMatch(/--format must be table, csv or json/);
    expect(problemOf(['tokens', 'add', 'maya', '--budgett', '5'])).toMatch(/Unknown option --budgett/);
    expect(problemOf(['tokens', 'remove', 'maya'])).toMatch(/Unknown command "tokens remove"/);
  });

  it('refuses a RELAY_DATABASE_URL that is not a postgres:// URL, naming it', () => {
    expect(() => makeRelayConfig({ RELAY_DATABASE_URL: 'mysql://db/relay' })).toThrow(RelayConfigError);
    expect(() => makeRelayConfig({ RELAY_DATABASE_URL: 'mysql://db/relay' })).toThrow(/RELAY_DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(makeRelayConfig({ RELAY_DATABASE_URL: 'postgres://relay@db:5432/relay' }).store.databaseUrl).toBe('postgres://relay@db:5432/relay');
  });
});
