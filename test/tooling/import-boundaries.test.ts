// Runs the project's import-boundary check (.dependency-cruiser.cjs) on small trees laid out like
// the project, so a rule that stops matching (a renamed folder, a broken pattern) fails here.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = path.join(root, '.dependency-cruiser.cjs');
const sandboxConfig = path.join(root, '.dependency-cruiser.sandbox.cjs');

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

/** Lays out `files` (path -> source) in a fresh folder and runs the boundary check there. */
async function checkTree(files: Record<string, string>, configFile = config): Promise<{ code: number; output: string }> {
  dir = await mkdtemp(path.join(tmpdir(), 'boundaries-'));
  // The project's own packages, so an import of zod resolves as it does in the project.
  await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  for (const [name, source] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), source);
  }
  const roots = [...new Set(Object.keys(files).map((name) => name.split('/')[0]!))];
  try {
    const { stdout } = await run(process.execPath, [cli, ...roots, '--config', configFile], { cwd: dir });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, output: failed.stdout };
  }
}

describe('import boundaries', () => {
  it('passes a tree whose parts meet only where allowed', async () => {
    const result = await checkTree({
      'src/contract/rules.ts': 'export const rule = 1;\n',
      'src/protocol/messages.ts': "import { rule } from '../contract/rules';\nexport const message = rule;\n",
      'src/plugin/main.ts': "import { message } from '../protocol/messages';\nexport const main = message;\n",
      'ui/main.ts': "import { message } from '../src/protocol/messages';\nexport const ui = message;\n",
    });
    expect(result.output).toContain('no dependency violations');
    expect(result.code).toBe(0);
  });

  it.each([
    ['contract-imports-no-host', 'src/contract/rules.ts', "import { x } from '../relay/app';\nexport const y = x;\n", 'src/relay/app.ts'],
    ['ui-not-plugin', 'ui/main.ts', "import { x } from '../src/plugin/app';\nexport const y = x;\n", 'src/plugin/app.ts'],
    ['plugin-not-ui', 'src/plugin/main.ts', "import { x } from '../../ui/app';\nexport const y = x;\n", 'ui/app.ts'],
    ['product-not-stand-ins', 'src/relay/main.ts', "import { x } from '../figma-standin/app';\nexport const y = x;\n", 'src/figma-standin/app.ts'],
    ['product-not-stand-ins', 'ui/main.ts', "import { x } from '../src/playground/app';\nexport const y = x;\n", 'src/playground/app.ts'],
    ['relay-not-emulator', 'src/relay/main.ts', "import { x } from '../emulator/app';\nexport const y = x;\n", 'src/emulator/app.ts'],
    ['emulator-not-relay', 'src/emulator/main.ts', "import { x } from '../relay/app';\nexport const y = x;\n", 'src/relay/app.ts'],
  ])('fails on %s from %s', async (rule, from, source, target) => {
    const result = await checkTree({ [from]: source, [target]: 'export const x = 1;\n' });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`${rule}: ${from} → ${target}`);
  });
});

describe('what the sandbox bundle reaches', () => {
  const typesOnly = {
    'src/protocol/shapes.ts': "import * as z from 'zod/mini';\nexport const Shape = z.object({});\nexport type Shape = z.infer<typeof Shape>;\n",
    'src/protocol/rules.ts': 'export const rule = 1;\n',
    'src/plugin/main.ts': "import type { Shape } from '../protocol/shapes';\nimport { rule } from '../protocol/rules';\nexport const main = (shape: Shape) => [shape, rule];\n",
  };

  it('passes a main thread that takes only types from zod modules', async () => {
    const result = await checkTree(typesOnly, sandboxConfig);
    expect(result.output).toContain('no dependency violations');
    expect(result.code).toBe(0);
  });

  it.each([
    ['zod through a protocol module', 'src/plugin/main.ts', "import { Shape } from '../protocol/shapes';\nexport const main = Shape;\n", 'node_modules/zod/'],
    ['a Node built-in through a protocol module', 'src/plugin/main.ts', "import { digest } from '../protocol/digest';\nexport const main = digest;\n", 'crypto'],
  ])('fails on %s', async (_what, from, source, target) => {
    const result = await checkTree({ ...typesOnly, 'src/protocol/digest.ts': "import { createHash } from 'node:crypto';\nexport const digest = createHash;\n", [from]: source }, sandboxConfig);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`sandbox-no-zod-or-node: ${from} → `);
    expect(result.output).toContain(target);
  });
});
