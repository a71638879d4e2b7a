// `npm run bench`: runs every benchmark and prints one table. Benchmarks report figures; they
// never fail on speed (the deterministic budgets are tests).
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { BenchRow } from './bench-row';

interface Section {
  title: string;
  load: () => Promise<() => Promise<BenchRow[]>>;
}

const sections: Section[] = [
  { title: 'bundle sizes', load: async () => (await import('./bundle-size')).benchBundleSizes },
  { title: 'signing', load: async () => (await import('./signing')).benchSigning },
  { title: 'relay overhead', load: async () => (await import('./relay-overhead')).benchRelayOverhead },
  { title: 'relay middleware', load: async () => (await import('./relay-middleware')).benchRelayMiddleware },
  { title: 'relay under attack', load: async () => (await import('./relay-under-attack')).benchRelayUnderAttack },
  { title: 'polling cost', load: async () => (await import('./polling-cost')).benchPollingCost },
  { title: 'plugin open', load: async () => (await import('./plugin-open')).benchPluginOpen },
  { title: 'team polling', load: async () => (await import('./team-polling')).benchTeamPolling },
  { title: 'click to task', load: async () => (await import('./click-to-task')).benchClickToTask },
  { title: 'placement memory', load: async () => (await import('./placement-memory')).benchPlacementMemory },
  { title: 'time to canvas', load: async () => (await import('./time-to-canvas')).benchTimeToCanvas },
  { title: 'emulator images', load: async () => (await import('./emulator-images')).benchEmulatorImages },
  { title: 'emulator image edits', load: async () => (await import('./emulator-image-edits')).benchEmulatorImageEdits },
];

function formatNumber(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '';
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function printTable(rows: BenchRow[]): void {
  const header = ['benchmark', 'value', 'unit', 'reference', 'ratio', 'note'];
  const lines = rows.map((r) => [r.name, formatNumber(r.value), r.unit, formatNumber(r.reference), r.ratio === undefined ? '' : `${formatNumber(r.ratio)}x`, r.note ?? '']);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const line of lines) console.log(`| ${line.join(' | ')} |`);
}

const only = process.argv.slice(2);
const rows: BenchRow[] = [];
for (const section of sections) {
  if (only.length > 0 && !only.some((word) => section.title.includes(word))) continue;
  process.stderr.write(`running ${section.title}...\n`);
  try {
    const bench = await section.load();
    rows.push(...(await bench()));
  } catch (error) {
    rows.push({ name: section.title, value: NaN, unit: '', note: `failed: ${(error as Error).message}` });
  }
}
/** The browser the playground benchmarks drive, as `chromium --version` names it. */
function chromiumVersion(): string {
  try {
    const text = execFileSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return /Chromium [\d.]+/.exec(text)?.[0] ?? text.trim();
  } catch {
    return 'Chromium (version unknown)';
  }
}

console.log(`\nBackdrop benchmarks — ${os.cpus().length} x ${os.cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${chromiumVersion()}, load average ${os.loadavg()[0]?.toFixed(1)} at the end, ${new Date().toISOString().slice(0, 10)}\n`);
printTable(rows);
process.exit(0);
