// The main thread checks payloads and stored data with JSON Schema generated from the zod schemas:
// the generated file must be fresh, and both must give the same verdict, data and wording.
import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';
import fc from 'fast-check';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { describeIssues } from '../../src/protocol/describe-issues';
import { GENERATED_MAIN_SCHEMAS_PATH, generateMainSchemasSource, MAIN_SCHEMA_SOURCES, toCheckerSchema } from '../../src/protocol/generate-main-schemas';
import { JOB_RECORD_SCHEMA, PAYLOAD_SCHEMAS, SETTINGS_PATCH_SCHEMA, STORED_JOBS_SCHEMA } from '../../src/protocol/generated/main-schemas';
import { checkSchema } from '../../src/protocol/json-schema-check';
import type { JsonSchema } from '../../src/protocol/json-schema-check';
import type { RequestName, RequestPayload } from '../../src/protocol/message-types';
import type { JobRecord, Settings } from '../../src/protocol/shapes';
import { cloneValue, corpusOf, pathsOf, withValueAt, type Path } from '../schema-corpus';

const box = { x: 10, y: -20, width: 300, height: 200 };
const job: JobRecord = {
  id: 'job-1',
  createdAt: 1700000000000,
  updatedAt: 1700000001000,
  state: 'queued',
  taskUid: 'task-9',
  pageId: '0:1',
  layerIds: ['1:2', '1:3'],
  lowestLayerId: '1:2',
  frameId: null,
  area: box,
  areaSpec: { kind: 'aspect', padding: 25, aspect: '16:9', width: 1600, height: 900 },
  placement: 'behind',
  output: { width: 1024, height: 576 },
  foreground: { width: 300, height: 200 },
  resizeMode: 'CropAndResize',
  params: { prompt: 'sea', steps: 20, nested: { a: [1] } },
  label: 'Sea',
  imageCount: 2,
  placedImages: [0],
  placedNodeIds: ['5:5'],
  visibleIndex: 0,
  seed: 42,
  consumeApiPoint: 3,
  error: { message: 'x', detail: 'y' },
};
const settings: Settings = { relayUrl: 'http://localhost:8787', token: 't', lastParams: { prompt: 'p' }, teamRelayUrl: 'https://team' };

const VALID_PAYLOADS: { [N in RequestName]: Array<RequestPayload<N>> } = {
  init: [{}],
  getSelection: [{}],
  exportLayer: [{ layerId: '1:2', area: box, scale: 2 }, { layerId: '', area: box, scale: 64 }],
  hiddenLayers: [{ layerIds: ['1:2'], area: box, placement: 'bottom' }],
  saveJob: [{ job }, { job: Object.assign({}, job, { frameId: '3:3', taskUid: undefined, error: undefined }) }],
  removeJob: [{ jobId: 'job-1' }],
  placeImage: [{ jobId: 'j', imageIndex: 0, png: new Uint8Array([137, 80]), seed: 7 }, { jobId: 'j', imageIndex: 3, png: new Uint8Array(0) }],
  showVariation: [{ jobId: 'j', imageIndex: 1 }],
  deleteUnusedVariations: [{ jobId: 'j' }],
  frameThumbnail: [{ nodeId: '5:5' }],
  saveSettings: [{ settings }, { settings: {} }],
  saveTeamRelayUrl: [{ relayUrl: '' }],
  notify: [{ message: 'hi', error: true }, { message: '' }],
  selectLayers: [{ ids: [] }, { ids: ['1:2', '1:3'] }],
  resize: [{ width: 200, height: 1400 }, { width: 1200, height: 200.5 }],
};

interface Case {
  name: string;
  zod: z.ZodMiniType;
  json: JsonSchema;
  valid: unknown[];
}

const CASES: Case[] = (Object.keys(VALID_PAYLOADS) as RequestName[])
  .map((name): Case => ({ name: 'payload ' + name, zod: MAIN_SCHEMA_SOURCES.PAYLOAD_SCHEMAS[name], json: PAYLOAD_SCHEMAS[name], valid: VALID_PAYLOADS[name] }))
  .concat([
    { name: 'stored jobs', zod: MAIN_SCHEMA_SOURCES.STORED_JOBS_SCHEMA, json: STORED_JOBS_SCHEMA, valid: [{ version: 1, jobs: [job, 'junk', null] }, { version: 1, jobs: [] }] },
    { name: 'job record', zod: MAIN_SCHEMA_SOURCES.JOB_RECORD_SCHEMA, json: JOB_RECORD_SCHEMA, valid: [job] },
    { name: 'settings patch', zod: MAIN_SCHEMA_SOURCES.SETTINGS_PATCH_SCHEMA, json: SETTINGS_PATCH_SCHEMA, valid: [settings, {}, { token: '' }] },
  ]);

/** Values that sit on or next to every rule the schemas have: types, bounds, enum members, shapes. */
const ODD_VALUES: unknown[] = [
  undefined, null, true, false, 0, -0, 1, -1, 0.5, 1.5, 7, 25, 64, 64.5, 199.9, 200, 1200, 1200.1, 1400, 1401,
  2 ** 53, -(2 ** 53), NaN, Infinity, -Infinity, '', 'x', '1', 'behind', 'JustResize', '16:9', 'queued', 'frame',
  [], [1], ['a'], [null], {}, { x: 1 }, { message: 'm' }, { width: 1, height: 2 }, new Uint8Array(2), new Uint16Array(1),
  new Date(0), BigInt(1),
];

/** Everything the hand-picked corpus tries on one schema: valid samples, each path set to each odd value, deleted, extended. */
const handPickedCorpus = (valid: unknown[]) => corpusOf(valid, ODD_VALUES);

function expectSameVerdict(testCase: Case, value: unknown): void {
  const fromZod = testCase.zod.safeParse(cloneValue(value));
  const fromJson = checkSchema(testCase.json, cloneValue(value));
  const where = testCase.name + ' with ' + safeJson(value);
  expect(fromJson.success, where).toBe(fromZod.success);
  if (fromZod.success && fromJson.success) expect(fromJson.data, where).toEqual(fromZod.data);
  if (!fromZod.success && !fromJson.success) {
    // Same failing fields; each rule worded as one of zod's issues on that field. (Where two zod
    // checks fail at once, e.g. the safe-integer and the non-negative minimum, JSON Schema keeps one.)
    const zodLines = fromZod.error.issues.map((issue) => describeIssues([issue], 'payload'));
    const jsonLines = fromJson.issues.map((issue) => describeIssues([issue], 'payload'));
    const fieldOf = (line: string) => line.slice(0, line.indexOf(': '));
    expect(unique(jsonLines.map(fieldOf)), where).toEqual(unique(zodLines.map(fieldOf)));
    for (const line of jsonLines) expect(zodLines, where).toContain(line);
  }
}

function unique(items: string[]): string[] {
  return items.filter((item, index) => items.indexOf(item) === index);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? String(item) + 'n' : item === undefined ? '<undefined>' : item)) || String(value);
  } catch {
    return String(value);
  }
}

describe('generated main-thread schemas', () => {
  it('are up to date with the zod schemas (run `npm run build` to regenerate)', () => {
    expect(readFileSync(GENERATED_MAIN_SCHEMAS_PATH, 'utf8')).toBe(generateMainSchemasSource());
  });

  it('keep zod out of the main-thread bundle', async () => {
    const built = await esbuild.build({
      entryPoints: ['src/plugin/main.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'neutral',
      mainFields: ['module', 'main'],
      tsconfig: 'src/plugin/tsconfig.json',
      outfile: 'code.js',
      logLevel: 'silent',
    });
    const inputs = Object.keys(built.metafile.inputs);
    expect(inputs).toContain('src/protocol/generated/main-schemas.ts');
    expect(inputs.filter((input) => input.indexOf('node_modules/zod') >= 0)).toEqual([]);
  });

  it('cover every request the protocol defines', () => {
    expect(Object.keys(PAYLOAD_SCHEMAS).sort()).toEqual(Object.keys(MAIN_SCHEMA_SOURCES.PAYLOAD_SCHEMAS).sort());
  });

  it('refuse zod schemas the checker could not check exactly, instead of loosening them', () => {
    expect(() => toCheckerSchema(z.object({ png: z.custom<Uint8Array>(() => true) }))).toThrow(/zod type custom/);
    expect(() => toCheckerSchema(z.object({ name: z.string().check(z.regex(/^a/)) }))).toThrow(/keyword pattern/);
    expect(() => toCheckerSchema(z.object({ size: z._default(z.number(), 3) }))).toThrow(/keyword default/);
    expect(() => toCheckerSchema(z.object({ when: z.date() }))).toThrow(/zod type date/);
  });

  it('word issues like the zod path: field path and rule', () => {
    const result = checkSchema(PAYLOAD_SCHEMAS.exportLayer, { layerId: '1', area: { x: 0, y: 0, width: 'wide', height: 1 }, scale: 0 });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssues(result.issues, 'payload')).toBe('payload.area.width: expected number; payload.scale: must be more than 0');
    const png = checkSchema(PAYLOAD_SCHEMAS.placeImage, { jobId: 'j', imageIndex: 0.5, png: [1] });
    if (!png.success) expect(describeIssues(png.issues, 'payload')).toBe('payload.imageIndex: expected int; payload.png: expected a Uint8Array');
    expect(png.success).toBe(false);
  });

  it('drop unknown keys like z.object and keep them in loose records', () => {
    const result = checkSchema(PAYLOAD_SCHEMAS.saveSettings, { settings: { token: 't', lastParams: { a: 1 }, stray: 1 }, other: 2 });
    expect(result).toEqual({ success: true, data: { settings: { token: 't', lastParams: { a: 1 } } } });
    const polluting = JSON.parse('{"token":"t","lastParams":{"__proto__":{"polluted":1},"a":2}}') as unknown;
    const checked = checkSchema<{ lastParams: object }>(SETTINGS_PATCH_SCHEMA, polluting);
    expect(checked.success && Object.getPrototypeOf(checked.data.lastParams)).toBe(Object.prototype);
    expectSameVerdict(CASES.filter((testCase) => testCase.name === 'settings patch')[0] as Case, polluting);
  });

  describe.each(CASES)('agree with zod on $name', (testCase) => {
    it('for hand-picked valid values and every one-field change of them', () => {
      for (const value of testCase.valid) expect(testCase.zod.safeParse(value).success, testCase.name + ' sample').toBe(true);
      for (const value of handPickedCorpus(testCase.valid)) expectSameVerdict(testCase, value);
    });

    it('for generated values put anywhere in a valid value', () => {
      const paths = testCase.valid.map((sample) => pathsOf(sample));
      const anything = fc.oneof(fc.anything({ withTypedArray: true, withBigInt: true, withDate: true, withNullPrototype: true }), fc.constantFrom(...ODD_VALUES), fc.double());
      fc.assert(
        fc.property(fc.nat(), fc.nat(), anything, (sampleIndex, pathIndex, value) => {
          const index = sampleIndex % testCase.valid.length;
          const samplePaths = paths[index] as Path[];
          expectSameVerdict(testCase, withValueAt(testCase.valid[index], samplePaths[pathIndex % samplePaths.length] as Path, value));
        }),
        { numRuns: 300 },
      );
    });
  });
});
