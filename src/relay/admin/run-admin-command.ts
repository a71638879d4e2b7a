// What each admin command does to the store, returning the text to print. Works on either
// backend while relays run: they re-read designers within their auth cache's lifetime.
import { monthOf, type Designer, type DesignerUsage, type RelayStore } from '../store/relay-store';
import { createRandomToken, hashTokenAsync } from '../team/token-hash';
import { AdminUsageError, type AdminCommand } from './parse-admin-args';

const when = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));
const budgetText = (credits: number | null): string => (credits === null ? 'none' : String(credits));

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function designerRows(designers: readonly Designer[]): string[][] {
  return designers.map((d) => [d.name, d.revokedAt === null ? 'active' : `revoked ${when(d.revokedAt)}`, when(d.createdAt), when(d.lastUsedAt), budgetText(d.budgetCredits), d.source]);
}

function usageText(month: string, usage: readonly DesignerUsage[], format: 'table' | 'csv' | 'json'): string {
  if (format === 'json') return JSON.stringify({ month, designers: usage }, null, 2);
  if (format === 'csv') return ['designer,month,tasks,images,credits', ...usage.map((u) => `${u.designer},${month},${u.tasks},${u.images},${u.credits}`)].join('\n');
  const total = usage.reduce((sum, u) => ({ tasks: sum.tasks + u.tasks, images: sum.images + u.images, credits: sum.credits + u.credits }), { tasks: 0, images: 0, credits: 0 });
  const rows = usage.map((u) => [u.designer, String(u.tasks), String(u.images), String(u.credits)]);
  return `Usage in ${month}\n${table(['designer', 'tasks', 'images', 'credits'], [...rows, ['total', String(total.tasks), String(total.images), String(total.credits)]])}`;
}

export async function runAdminCommandAsync(store: RelayStore, command: AdminCommand, now: number = Date.now()): Promise<string> {
  switch (command.kind) {
    case 'tokens add': {
      const token = createRandomToken();
      if (!(await store.addDesignerAsync(command.name, await hashTokenAsync(token), command.budget, now))) {
        throw new AdminUsageError(`A designer named "${command.name}" already has an active token. Revoke it first or pick another name.`);
      }
      return `Added ${command.name} (budget: ${budgetText(command.budget)}). Their token, shown only now:\n${token}`;
    }
    case 'tokens list':
      return table(['name', 'state', 'created', 'last used', 'budget', 'from'], designerRows(await store.listDesignersAsync()));
    case 'tokens revoke':
      if (!(await store.revokeDesignerAsync(command.name, now))) throw new AdminUsageError(`No active designer named "${command.name}".`);
      return `Revoked ${command.name}: every relay refuses the token within 5 seconds.`;
    case 'budget set':
      if (!(await store.setBudgetAsync(command.name, command.budget))) throw new AdminUsageError(`No active designer named "${command.name}".`);
      return `Budget of ${command.name}: ${budgetText(command.budget)} credits a month.`;
    case 'usage': {
      const month = command.month ?? monthOf(now);
      return usageText(month, await store.usageAsync(month), command.format);
    }
  }
}
