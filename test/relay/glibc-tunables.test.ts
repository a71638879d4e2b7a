// The allocator settings the relay's image runs with: the Docker image sets exactly the ones the
// relay's benchmark uses, and on glibc they make a large upload's image text land in memory the
// previous one freed instead of pages mapped afresh (counted as the process's minor page faults).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RELAY_GLIBC_TUNABLES } from '../../src/relay/glibc-tunables';

const glibc = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime;

/** Minor page faults a fresh Node process takes, on average, to make a 20 MB text once its first has been freed. */
function faultsPerTextIn(env: NodeJS.ProcessEnv): number {
  const script = `
    const bytes = Buffer.alloc(20 << 20, 65);
    let text = bytes.toString('latin1'); text = null; gc();
    const before = process.resourceUsage().minorPageFault;
    for (let i = 0; i < 3; i += 1) { text = bytes.toString('latin1'); text = null; gc(); }
    process.stdout.write(String((process.resourceUsage().minorPageFault - before) / 3));`;
  return Number(execFileSync(process.execPath, ['--expose-gc', '-e', script], { env, encoding: 'utf8' }));
}

describe('the relay\'s allocator settings', () => {
  it('are the ones the Docker image and the README\'s systemd unit set', () => {
    const line = readFileSync('Dockerfile', 'utf8').split('\n').find((text) => text.startsWith('ENV GLIBC_TUNABLES='));
    expect(line).toBe(`ENV GLIBC_TUNABLES=${RELAY_GLIBC_TUNABLES}`);
    expect(readFileSync('README.md', 'utf8')).toContain(`Environment=GLIBC_TUNABLES=${RELAY_GLIBC_TUNABLES}\n`);
  });

  it.skipIf(!glibc)('let a 20 MB image text reuse freed memory instead of faulting in new pages', () => {
    const { GLIBC_TUNABLES: _ignored, ...plain } = process.env;
    const tuned = faultsPerTextIn({ ...plain, GLIBC_TUNABLES: RELAY_GLIBC_TUNABLES });
    const untuned = faultsPerTextIn(plain);
    expect(tuned).toBeLessThan(100);
    expect(untuned).toBeGreaterThan(tuned); // by default each text maps its 20 MB afresh (about 1,700 faults here)
  });
});
