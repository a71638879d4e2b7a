// The parts of the contract that other bundles take with their own checks and crypto (the typed
// call, its errors, the action names, the hash-injected signing, what the sandbox reads) load
// neither zod nor a Node built-in, however their imports change.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const MODULES = [
  'src/contract/picpik-call.ts',
  'src/contract/picpik-errors.ts',
  'src/contract/picpik-actions.ts',
  'src/contract/contract-issue.ts',
  'src/contract/signature-hash.ts',
  'src/contract/png-header.ts',
  'src/contract/rect-union.ts',
  'src/contract/resize-mode.ts',
];

/** Every module `entry` pulls in, and every import left outside the bundle. */
async function bundledInputsAsync(entry: string): Promise<{ inputs: string[]; external: string[] }> {
  const result = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, platform: 'neutral', external: ['node:*', 'crypto', 'buffer'], logLevel: 'silent' });
  const external = Object.values(result.metafile.inputs).flatMap((input) => input.imports.filter((used) => used.external).map((used) => used.path));
  return { inputs: Object.keys(result.metafile.inputs), external };
}

describe('contract modules other bundles take as they are', () => {
  it.each(MODULES)('%s loads no zod and no Node built-in', async (entry) => {
    const { inputs, external } = await bundledInputsAsync(entry);
    expect(inputs).toContain(entry);
    expect(inputs.filter((input) => input.includes('node_modules/zod'))).toEqual([]);
    expect(external).toEqual([]);
  });

  it('sees zod and node:crypto where they are loaded', async () => {
    expect((await bundledInputsAsync('src/contract/zod-response-checks.ts')).inputs.some((input) => input.includes('node_modules/zod'))).toBe(true);
    expect((await bundledInputsAsync('src/contract/signature.ts')).external).toContain('node:crypto');
  });
});
