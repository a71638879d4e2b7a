// The plugin UI checks with check specs generated from the zod schemas: each generated file must be
// fresh, and every spec must give its zod schema's verdict, data and words on a corpus of values
// sitting on and next to every rule (each field of a valid sample set to odd values, deleted,
// extended), plus real request bodies.
import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';
import sharp from 'sharp';
import * as z from 'zod/mini';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateUiSpecSource, UI_SPEC_FILES, UI_SPEC_SOURCES, type UiSpecPart } from '../../build/generate-ui-specs';
import { describeZodIssues } from '../../src/contract/issues';
import { createSpecChecker, type CheckSpec } from '../../src/contract/spec-check';
import { specFromZod } from '../../src/contract/spec-from-zod';
import { describeIssues } from '../../src/protocol/describe-issues';
import { dataUrl, makeTestImagesAsync } from '../contract/images';
import { cloneValue, corpusOf } from '../schema-corpus';

const ODD_VALUES: unknown[] = [
  undefined, null, true, false, 0, -0, 1, -1, 0.5, 1.5, 7, 64, 64.5, 100, 101, 2560, 2561, 2 ** 53, NaN, Infinity,
  '', ' ', 'x', ' x ', 'behind', 'JustResize', 'lora', '16:9', 'data:image/png;base64,@@', 'iVBORw0KGgo=',
  [], [1], ['a'], [null], {}, { x: 1 }, new Uint8Array(2), new Uint16Array(1), new Date(0),
];

/** A value shaped like the spec: every field present, each leaf a plausible value. */
function sampleOf(spec: CheckSpec): unknown {
  switch (spec.t) {
    case 'string':
      return 'text';
    case 'boolean':
      return true;
    case 'number': {
      const low = (spec.c || []).find((rule) => rule.k === 'gt');
      return low ? (low.n as number) + (low.i ? 0 : 1) : 3;
    }
    case 'literal':
    case 'enum':
      return (spec.v || [])[0];
    case 'optional':
    case 'nullable':
    case 'default':
      return sampleOf(spec.i as CheckSpec);
    case 'pipe':
      return sampleOf(spec.a as CheckSpec);
    case 'array':
      return [sampleOf(spec.i as CheckSpec)];
    case 'record':
      return { key: sampleOf(spec.i as CheckSpec) };
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(spec.p || {})) out[key] = sampleOf(child);
      return out;
    }
    case 'custom':
      return new Uint8Array([137, 80]);
    default:
      return {};
  }
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, item: unknown) => (item === undefined ? '<undefined>' : typeof item === 'string' && item.length > 60 ? item.slice(0, 40) + '...' : item)) || String(value);
  } catch {
    return String(value);
  }
}

interface Root {
  part: UiSpecPart;
  name: string;
  zod: z.ZodMiniType;
}

/** Every schema the generated file holds, by export name (and table key). */
const ROOTS: Root[] = (Object.keys(UI_SPEC_SOURCES) as UiSpecPart[]).flatMap((part) =>
  Object.entries(UI_SPEC_SOURCES[part].roots as Record<string, z.ZodMiniType | Record<string, z.ZodMiniType>>).flatMap(([name, root]): Root[] =>
    '_zod' in root ? [{ part, name, zod: root as z.ZodMiniType }] : Object.entries(root).map(([key, zod]) => ({ part, name: name + '.' + key, zod })),
  ),
);

/** The spec's verdict against zod's; a mismatch is returned as a text, so the corpus loop stays fast. */
function verdictMismatch(root: Root, spec: CheckSpec, check: ReturnType<typeof createSpecChecker>, value: unknown): string | undefined {
  const fromZod = z.safeParse(root.zod, cloneValue(value));
  const fromSpec = check(spec, cloneValue(value));
  const zodText = fromZod.success ? 'ok ' + show(fromZod.data) : show(describeZodIssues(fromZod.error)) + ' | ' + describeIssues(fromZod.error.issues, 'payload');
  const specText = fromSpec.success ? 'ok ' + show(fromSpec.data) : show(describeZodIssues(fromSpec.issues)) + ' | ' + describeIssues(fromSpec.issues, 'payload');
  return zodText === specText ? undefined : `${root.name} with ${show(value)}:\n  zod:  ${zodText}\n  spec: ${specText}`;
}

let realBodies: Record<string, unknown[]> = {};

beforeAll(async () => {
  const images = await makeTestImagesAsync();
  const png = dataUrl(images.rgbaPng);
  // The image edits want sides of 16 pixels or more.
  const photo = sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 10, g: 120, b: 200 } } });
  const raw = dataUrl(await photo.clone().png().toBuffer());
  const webp = dataUrl(await photo.clone().webp().toBuffer(), 'image/webp');
  const mask = dataUrl(await photo.clone().toColourspace('b-w').png().toBuffer());
  const model = { ModelCode: 'sdxl', InferenceParams: { Steps: 20 } };
  realBodies = {
    'PARAM_SPECS.GenerateBackgrounds': [
      { MainModel: model, ImageList: [png], TransparentForeground: { ImageIndex: 0, ResizeMode: 'CropAndResize' }, Width: 512, Height: 512, Seed: 7 },
      { MainModel: model, SubModelList: [{ ModelCode: 'lora', TriggerWordList: ['w'], InferenceParams: { LoraWeight: 0.5 } }], ImageList: [png, dataUrl(images.jpeg, 'image/jpeg')], TransparentForeground: { ImageIndex: 0 }, BackgroundImage2Image: { ImageIndex: 1, ReferStrength: 0.3 } },
      { MainModel: model, ImageList: [png], TransparentImageIndexList: [0], BackgroundImage2Image: { ImageIndex: 0, ResizeMode: 'JustResize' } },
    ],
    'PARAM_SPECS.RemoveBackground': [{ RawImage: raw, Box: [1, 1, 5, 5] }, { RawImage: webp, ForegroundThreshold: 200, BackgroundThreshold: 20, HairOptimization: 'on' }],
    'PARAM_SPECS.RemoveBackgroundsInBatch': [{ RawImages: [raw, webp] }],
    'PARAM_SPECS.RemoveContents': [{ RawImage: raw, Mask: mask, MaskBlur: 3 }],
  };
});

describe('the UI\'s generated check specs', () => {
  it('are up to date with the zod schemas (run `npm run build` to regenerate)', () => {
    for (const file of UI_SPEC_FILES) expect(readFileSync(file, 'utf8'), file).toBe(generateUiSpecSource());
  });

  it('give every zod schema\'s verdict, data and words on the corpus', () => {
    expect(ROOTS.length).toBeGreaterThan(40);
    const mismatches: string[] = [];
    let checked = 0;
    for (const root of ROOTS) {
      const functions = UI_SPEC_SOURCES[root.part].functions;
      const spec = specFromZod(root.zod, functions, root.name);
      const check = createSpecChecker(functions);
      for (const value of corpusOf([sampleOf(spec), ...(realBodies[root.name] || [])], ODD_VALUES).concat(ODD_VALUES)) {
        checked += 1;
        const mismatch = verdictMismatch(root, spec, check, value);
        if (mismatch && mismatches.length < 10) mismatches.push(mismatch);
      }
    }
    expect(checked).toBeGreaterThan(10_000);
    expect(mismatches.join('\n')).toBe('');
  }, 120_000);

  it('hold real request bodies the contract accepts, so the corpus reaches the cross-field rules', () => {
    for (const [name, bodies] of Object.entries(realBodies)) {
      const root = ROOTS.find((candidate) => candidate.name === name) as Root;
      for (const body of bodies) expect(z.safeParse(root.zod, body).success, name + ' ' + show(body)).toBe(true);
    }
  });

  it('keep zod out of the UI bundle', async () => {
    const built = await esbuild.build({
      entryPoints: ['ui/main.tsx'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'browser',
      jsxFactory: 'h',
      jsxFragment: 'Fragment',
      inject: ['ui/jsx-factory.ts'],
      loader: { '.png': 'dataurl', '.svg': 'text', '.css': 'empty' },
      plugins: [
        {
          name: 'kit-css',
          setup: (build) => {
            build.onResolve({ filter: /^!/ }, () => ({ path: 'kit.css', namespace: 'kit-css' }));
            build.onLoad({ filter: /.*/, namespace: 'kit-css' }, () => ({ contents: '', loader: 'empty' }));
          },
        },
      ],
      define: { BACKDROP_BUILT_IN_RELAY_URL: 'undefined' },
      tsconfig: 'ui/tsconfig.json',
      outdir: 'ui-out',
      logLevel: 'silent',
    });
    const inputs = Object.keys(built.metafile.inputs);
    expect(inputs).toContain('src/contract/generated/ui-specs.ts');
    expect(inputs.filter((input) => input.indexOf('node_modules/zod') >= 0)).toEqual([]);
  });

  it('refuse a zod schema the checker could not run exactly, instead of loosening it', () => {
    expect(() => specFromZod(z.object({ n: z.number().check(z.refine((v) => v > 1)) }), {}, 'x')).toThrow(/missing from the table/);
    expect(() => specFromZod(z.object({ s: z.email() }), {}, 'x')).toThrow(/check the checker cannot run|does not run|number format/);
  });
});
