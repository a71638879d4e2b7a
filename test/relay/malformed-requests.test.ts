// A table of malformed requests sent through relay + emulator: each gets a 4xx naming the
// problem, none reaches the emulator (its request count stays 0), and the relay keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { RunningEmulator } from '../../src/emulator/serve';
import type { RunningRelay } from '../../src/relay/serve';
import {
  ALICE_TOKEN,
  TEST_PRIVATE_KEY,
  authHeaders,
  emulatorStatsAsync,
  startRelayOverEmulatorAsync,
  validGenerateBody,
  type TestImages,
} from './relay-fixtures';

interface MalformedCase {
  name: string;
  /** A JSON value (serialised) or, for raw cases, the exact body text. */
  body: unknown;
  raw?: boolean;
  contentType?: string | null;
  status: number;
  /** The Field the error names, when there is one. */
  field?: string;
  /** Text the Message must contain. */
  mentions: string;
}

const BODY_LIMIT = 1024 * 1024;
let images: TestImages;
/** Extra images for the image-editing actions, as data URLs. */
const edit = { tiny: '', gif: '', bwMask: '', colouredMask: '', smallMask: '', jpegMask: '' };
let emulator: RunningEmulator;
let relay: RunningRelay;
const logLines: string[] = [];

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
}

function generate(overrides: Record<string, unknown>, omit: string[] = []): Record<string, unknown> {
  const body: Record<string, unknown> = { ...validGenerateBody(images), ...overrides };
  for (const key of omit) delete body[key];
  return body;
}

/** The image's base64 without its last 40 bytes: a header that promises more than comes. */
function cutShort(image: string): string {
  const bytes = Buffer.from(image.replace(/^data:image\/png;base64,/, ''), 'base64');
  return `data:image/png;base64,${bytes.subarray(0, bytes.length - 40).toString('base64')}`;
}

function cases(): MalformedCase[] {
  const g = generate;
  const png = images.transparentPng;
  return [
    // Transport and JSON.
    { name: 'text/plain body', body: { Action: 'ListModels' }, contentType: 'text/plain', status: 415, field: 'Content-Type', mentions: 'application/json' },
    { name: 'no content type', body: { Action: 'ListModels' }, contentType: null, status: 415, mentions: 'application/json' },
    { name: 'form content type', body: 'Action=ListModels', raw: true, contentType: 'application/x-www-form-urlencoded', status: 415, mentions: 'JSON' },
    { name: 'JSON said to be UTF-16', body: { Action: 'ListModels' }, contentType: 'application/json; charset=utf-16', status: 415, field: 'Content-Type', mentions: 'charset=utf-16' },
    { name: 'truncated JSON', body: '{"Action": "ListModels"', raw: true, status: 400, mentions: 'not valid JSON' },
    { name: 'trailing garbage', body: '{"Action": "ListModels"} x', raw: true, status: 400, mentions: 'not valid JSON' },
    { name: 'empty body', body: '', raw: true, status: 400, mentions: 'not valid JSON' },
    { name: 'array body', body: [{ Action: 'ListModels' }], status: 400, mentions: 'JSON object' },
    { name: 'string body', body: 'ListModels', status: 400, mentions: 'JSON object' },
    { name: 'null body', body: null, status: 400, mentions: 'JSON object' },
    { name: 'huge body', body: g({ ImageList: [png, 'A'.repeat(BODY_LIMIT)] }), status: 413, mentions: 'larger than' },
    { name: 'overlong prompt', body: g({ PositivePrompts: ['x'.repeat(70_000)] }), status: 400, field: 'PositivePrompts[0]', mentions: 'longer than' },
    { name: 'deep nesting', body: { Action: 'ListModels', Extra: nested(40) }, status: 400, mentions: 'nested deeper' },
    { name: '__proto__ at top level', body: '{"Action":"ListModels","__proto__":{"isAdmin":true}}', raw: true, status: 400, field: '__proto__', mentions: '__proto__' },
    { name: '__proto__ inside MainModel', body: JSON.stringify(g({})).replace('"MainModel":{', '"MainModel":{"__proto__":{"x":1},'), raw: true, status: 400, field: 'MainModel.__proto__', mentions: '__proto__' },
    { name: 'constructor key', body: { Action: 'ListModels', constructor: { prototype: {} } }, status: 400, mentions: 'constructor' },
    { name: 'prototype key in TransparentForeground', body: g({ TransparentForeground: { ImageIndex: 0, prototype: 1 } }), status: 400, mentions: 'prototype' },
    { name: 'invalid UTF-8', body: Buffer.from([0x7b, 0x22, 0x41, 0xff, 0x22, 0x3a, 0x31, 0x7d]).toString('latin1'), raw: true, status: 400, mentions: 'not valid JSON' },
    // Envelope.
    { name: 'missing Action', body: { TaskUIDList: ['a'] }, status: 400, field: 'Action', mentions: 'Action' },
    { name: 'numeric Action', body: { Action: 7 }, status: 400, field: 'Action', mentions: 'Action must be text' },
    { name: 'ExtractContents is not allowed', body: { Action: 'ExtractContents', RawImage: png }, status: 403, field: 'Action', mentions: 'ExtractContents' },
    { name: 'StartPicpikApp is not allowed', body: { Action: 'StartPicpikApp', AppId: 'x' }, status: 403, field: 'Action', mentions: 'not allowed' },
    { name: 'Action in the wrong case', body: { Action: 'listmodels' }, status: 403, field: 'Action', mentions: 'listmodels' },
    { name: 'client PublicKey', body: { Action: 'ListModels', PublicKey: 'mine' }, status: 400, field: 'PublicKey', mentions: 'PublicKey' },
    { name: 'client Signature', body: { Action: 'ListModels', Signature: 'a'.repeat(40) }, status: 400, field: 'Signature', mentions: 'Signature' },
    { name: 'numeric request_uuid', body: { Action: 'ListModels', request_uuid: 12 }, status: 400, field: 'request_uuid', mentions: 'request_uuid' },
    { name: 'request_uuid with a newline', body: { Action: 'ListModels', request_uuid: 'a\nb' }, status: 400, field: 'request_uuid', mentions: 'request_uuid' },
    // ListTasksDetails, TerminateTask, ListModels.
    { name: 'TaskUIDList missing', body: { Action: 'ListTasksDetails' }, status: 400, field: 'TaskUIDList', mentions: 'TaskUIDList is required' },
    { name: 'TaskUIDList as text', body: { Action: 'ListTasksDetails', TaskUIDList: 'abc' }, status: 400, field: 'TaskUIDList', mentions: 'list of task ids' },
    { name: 'TaskUIDList empty', body: { Action: 'ListTasksDetails', TaskUIDList: [] }, status: 400, field: 'TaskUIDList', mentions: 'at least one' },
    { name: 'TaskUIDList of numbers', body: { Action: 'ListTasksDetails', TaskUIDList: [1, 2] }, status: 400, field: 'TaskUIDList[0]', mentions: 'TaskUIDList[0]' },
    { name: 'TaskUIDList too long', body: { Action: 'ListTasksDetails', TaskUIDList: Array.from({ length: 101 }, (_, i) => `t${i}`) }, status: 400, field: 'TaskUIDList', mentions: 'at most 100' },
    { name: 'unknown field on ListTasksDetails', body: { Action: 'ListTasksDetails', TaskUIDList: ['a'], Limit: 5 }, status: 400, field: 'Limit', mentions: 'Unknown field' },
    { name: 'TerminateTask without TaskUID', body: { Action: 'TerminateTask' }, status: 400, field: 'TaskUID', mentions: 'TaskUID is required' },
    { name: 'TerminateTask with empty TaskUID', body: { Action: 'TerminateTask', TaskUID: '' }, status: 400, field: 'TaskUID', mentions: 'TaskUID' },
    { name: 'TerminateTask with numeric TaskUID', body: { Action: 'TerminateTask', TaskUID: 42 }, status: 400, field: 'TaskUID', mentions: 'must be text' },
    { name: 'unknown field on ListModels', body: { Action: 'ListModels', Page: 2 }, status: 400, field: 'Page', mentions: 'Unknown field' },
    // GenerateBackgrounds: required fields.
    { name: 'MainModel missing', body: g({}, ['MainModel']), status: 400, field: 'MainModel', mentions: 'MainModel' },
    { name: 'ModelCode missing', body: g({ MainModel: {} }), status: 400, field: 'MainModel.ModelCode', mentions: 'ModelCode is required' },
    { name: 'MainModel as text', body: g({ MainModel: 'picpik-general' }), status: 400, field: 'MainModel', mentions: 'must be an object' },
    { name: 'ImageList missing', body: g({}, ['ImageList']), status: 400, field: 'ImageList', mentions: 'ImageList is required' },
    { name: 'ImageList empty', body: g({ ImageList: [] }), status: 400, field: 'ImageList', mentions: 'at least one image' },
    { name: 'ImageList not base64', body: g({ ImageList: ['not base64!'] }), status: 400, field: 'ImageList[0]', mentions: 'base64' },
    { name: 'foreground PNG cut short', body: g({ ImageList: [cutShort(png)] }), status: 400, field: 'ImageList[0]', mentions: 'not a readable PNG' },
    { name: 'TransparentForeground missing', body: g({}, ['TransparentForeground']), status: 400, field: 'TransparentForeground', mentions: 'TransparentForeground is required' },
    // GenerateBackgrounds: ranges and types.
    { name: 'Width too small', body: g({ Width: 63 }), status: 400, field: 'Width', mentions: 'between 64 and 2560' },
    { name: 'Width too large', body: g({ Width: 2561 }), status: 400, field: 'Width', mentions: 'between 64 and 2560' },
    { name: 'Width fractional', body: g({ Width: 100.5 }), status: 400, field: 'Width', mentions: 'whole number' },
    { name: 'Width as text', body: g({ Width: '256' }), status: 400, field: 'Width', mentions: 'whole number' },
    { name: 'Height negative', body: g({ Height: -1 }), status: 400, field: 'Height', mentions: 'Height' },
    { name: 'BatchSize 0', body: g({ BatchSize: 0 }), status: 400, field: 'BatchSize', mentions: 'between 1 and 16' },
    { name: 'BatchSize 17', body: g({ BatchSize: 17 }), status: 400, field: 'BatchSize', mentions: 'between 1 and 16' },
    { name: 'Seed below -1', body: g({ Seed: -2 }), status: 400, field: 'Seed', mentions: 'Seed' },
    { name: 'Seed above int32', body: g({ Seed: 2147483648 }), status: 400, field: 'Seed', mentions: '2147483647' },
    { name: 'TranslatePrompts as text', body: g({ TranslatePrompts: 'yes' }), status: 400, field: 'TranslatePrompts', mentions: 'true or false' },
    { name: 'UseMainModelVAE as number', body: g({ UseMainModelVAE: 1 }), status: 400, field: 'UseMainModelVAE', mentions: 'true or false' },
    { name: 'PositivePrompts as text', body: g({ PositivePrompts: 'a kitchen' }), status: 400, field: 'PositivePrompts', mentions: 'list of texts' },
    { name: 'PositivePrompts of numbers', body: g({ PositivePrompts: [1] }), status: 400, field: 'PositivePrompts[0]', mentions: 'must be text' },
    { name: 'NegativePrompts as object', body: g({ NegativePrompts: {} }), status: 400, field: 'NegativePrompts', mentions: 'list of texts' },
    { name: 'LoraWeight out of range', body: g({ SubModelList: [{ ModelCode: 'lora', TriggerWordList: ['w'], InferenceParams: { LoraWeight: 3 } }] }), status: 400, field: 'SubModelList[0].InferenceParams.LoraWeight', mentions: 'between -1 and 2' },
    { name: 'Steps below 6', body: g({ MainModel: { ModelCode: 'm', InferenceParams: { Steps: 5 } } }), status: 400, field: 'MainModel.InferenceParams.Steps', mentions: 'between 6 and 100' },
    { name: 'Resolution off its step', body: g({ MainModel: { ModelCode: 'm', InferenceParams: { Resolution: 100 } } }), status: 400, field: 'MainModel.InferenceParams.Resolution', mentions: 'steps of 64' },
    { name: 'ReferStrength above 1', body: g({ ImageList: [png, png], BackgroundImage2Image: { ImageIndex: 1, ReferStrength: 1.5 } }), status: 400, field: 'BackgroundImage2Image.ReferStrength', mentions: 'between 0 and 1' },
    { name: 'unknown ResizeMode', body: g({ TransparentForeground: { ImageIndex: 0, ResizeMode: 'Stretch' } }), status: 400, field: 'TransparentForeground.ResizeMode', mentions: 'JustResize' },
    { name: 'unknown top-level field', body: g({ Prompt: 'a kitchen' }), status: 400, field: 'Prompt', mentions: 'Unknown field' },
    { name: 'unknown nested field', body: g({ MainModel: { ModelCode: 'm', Strength: 1 } }), status: 400, field: 'MainModel.Strength', mentions: 'Unknown field' },
    // GenerateBackgrounds: images and indexes.
    { name: 'foreground index outside ImageList', body: g({ TransparentForeground: { ImageIndex: 1 } }), status: 400, field: 'TransparentForeground.ImageIndex', mentions: 'ImageList has 1 image' },
    { name: 'negative foreground index', body: g({ TransparentForeground: { ImageIndex: -1 } }), status: 400, field: 'TransparentForeground.ImageIndex', mentions: 'from 0' },
    { name: 'reference index outside ImageList', body: g({ BackgroundImage2Image: { ImageIndex: 5 } }), status: 400, field: 'BackgroundImage2Image.ImageIndex', mentions: 'points to image 5' },
    { name: 'JPEG foreground', body: g({ ImageList: [images.jpeg] }), status: 400, field: 'ImageList[0]', mentions: 'must be a PNG with an alpha channel' },
    { name: 'alpha-less PNG foreground', body: g({ ImageList: [images.opaquePng] }), status: 400, field: 'ImageList[0]', mentions: 'without an alpha channel' },
    { name: 'seed shape with two indexes', body: g({ TransparentImageIndexList: [0, 1] }, ['TransparentForeground']), status: 400, field: 'TransparentImageIndexList', mentions: 'exactly one' },
    { name: 'both foreground shapes', body: g({ TransparentImageIndexList: [0] }), status: 400, field: 'TransparentImageIndexList', mentions: 'conflicts' },
    ...imageEditCases(),
  ];
}

/** RemoveBackground, RemoveBackgroundsInBatch and RemoveContents: every range and image check. */
function imageEditCases(): MalformedCase[] {
  const photo = images.opaquePng; // 32 x 32
  const rb = (extra: Record<string, unknown>) => ({ Action: 'RemoveBackground', RawImage: photo, ...extra });
  const batch = (extra: Record<string, unknown>) => ({ Action: 'RemoveBackgroundsInBatch', RawImages: [photo], ...extra });
  const rc = (extra: Record<string, unknown>) => ({ Action: 'RemoveContents', RawImage: photo, Mask: edit.bwMask, ...extra });
  return [
    { name: 'RemoveBackground without RawImage', body: { Action: 'RemoveBackground' }, status: 400, field: 'RawImage', mentions: 'RawImage is required' },
    { name: 'RawImage not base64', body: rb({ RawImage: 'not an image!' }), status: 400, field: 'RawImage', mentions: 'base64' },
    { name: 'RawImage a GIF', body: rb({ RawImage: edit.gif }), status: 400, field: 'RawImage', mentions: 'PNG, JPEG or WebP' },
    { name: 'RawImage garbage behind a PNG prefix', body: rb({ RawImage: 'data:image/png;base64,QUJDREVGR0g=' }), status: 400, field: 'RawImage', mentions: 'not a readable image' },
    { name: 'RawImage too small', body: rb({ RawImage: edit.tiny }), status: 400, field: 'RawImage', mentions: 'between 16 and 4096' },
    { name: 'ErodeSize 41', body: rb({ ErodeSize: 41 }), status: 400, field: 'ErodeSize', mentions: 'between 0 and 40' },
    { name: 'ErodeSize negative', body: rb({ ErodeSize: -1 }), status: 400, field: 'ErodeSize', mentions: 'between 0 and 40' },
    { name: 'ForegroundThreshold 256', body: rb({ ForegroundThreshold: 256 }), status: 400, field: 'ForegroundThreshold', mentions: 'between 0 and 255' },
    { name: 'BackgroundThreshold fractional', body: rb({ BackgroundThreshold: 1.5 }), status: 400, field: 'BackgroundThreshold', mentions: 'whole number' },
    { name: 'BackgroundThreshold above ForegroundThreshold', body: rb({ ForegroundThreshold: 100, BackgroundThreshold: 150 }), status: 400, field: 'BackgroundThreshold', mentions: 'below ForegroundThreshold' },
    { name: 'unknown HairOptimization', body: rb({ HairOptimization: 'max' }), status: 400, field: 'HairOptimization', mentions: 'auto, on, off' },
    { name: 'OnlyMask as text', body: rb({ OnlyMask: 'yes' }), status: 400, field: 'OnlyMask', mentions: 'true or false' },
    { name: 'Box of three numbers', body: rb({ Box: [0, 0, 10] }), status: 400, field: 'Box', mentions: 'four whole numbers' },
    { name: 'Box upside down', body: rb({ Box: [20, 20, 10, 30] }), status: 400, field: 'Box', mentions: 'x1 < x2' },
    { name: 'Box outside the image', body: rb({ Box: [0, 0, 32, 31] }), status: 400, field: 'Box', mentions: 'inside RawImage (32 x 32)' },
    { name: 'RawImages missing', body: { Action: 'RemoveBackgroundsInBatch' }, status: 400, field: 'RawImages', mentions: 'RawImages is required' },
    { name: 'RawImages empty', body: batch({ RawImages: [] }), status: 400, field: 'RawImages', mentions: 'at least one image' },
    { name: 'RawImages over 16', body: batch({ RawImages: Array(17).fill(photo) }), status: 400, field: 'RawImages', mentions: 'at most 16' },
    { name: 'RawImages with a tiny image', body: batch({ RawImages: [photo, edit.tiny] }), status: 400, field: 'RawImages[1]', mentions: 'between 16 and 4096' },
    { name: 'Box on a batch', body: batch({ Box: [0, 0, 4, 4] }), status: 400, field: 'Box', mentions: 'Unknown field' },
    { name: 'batch MaskBlur', body: batch({ MaskBlur: 3 }), status: 400, field: 'MaskBlur', mentions: 'Unknown field' },
    { name: 'RemoveContents without Mask', body: { Action: 'RemoveContents', RawImage: photo }, status: 400, field: 'Mask', mentions: 'Mask is required' },
    { name: 'MaskBlur 65', body: rc({ MaskBlur: 65 }), status: 400, field: 'MaskBlur', mentions: 'between 0 and 64' },
    { name: 'InvertMask as number', body: rc({ InvertMask: 1 }), status: 400, field: 'InvertMask', mentions: 'true or false' },
    { name: 'Mask a JPEG', body: rc({ Mask: edit.jpegMask }), status: 400, field: 'Mask', mentions: 'black-and-white PNG' },
    { name: 'Mask of another size', body: rc({ Mask: edit.smallMask }), status: 400, field: 'Mask', mentions: 'must be the size of RawImage (32 x 32)' },
    { name: 'Mask in colour', body: rc({ Mask: edit.colouredMask }), status: 400, field: 'Mask', mentions: 'coloured pixels' },
  ];
}

const upstreamStatsAsync = () => emulatorStatsAsync(emulator);

async function pngDataUrlAsync(width: number, height: number, pixel: (x: number, y: number) => number[]): Promise<string> {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
  return `data:image/png;base64,${(await sharp(data, { raw: { width, height, channels: 4 } }).png().toBuffer()).toString('base64')}`;
}

beforeAll(async () => {
  const inDisc = (x: number, y: number) => Math.hypot(x - 16, y - 16) < 9;
  edit.bwMask = await pngDataUrlAsync(32, 32, (x, y) => (inDisc(x, y) ? [255, 255, 255, 255] : [0, 0, 0, 255]));
  edit.colouredMask = await pngDataUrlAsync(32, 32, (x, y) => (inDisc(x, y) ? [255, 255, 0, 255] : [0, 0, 0, 255]));
  edit.smallMask = await pngDataUrlAsync(16, 32, () => [0, 0, 0, 255]);
  edit.tiny = await pngDataUrlAsync(8, 8, () => [255, 255, 255, 255]);
  const grey = sharp({ create: { width: 32, height: 32, channels: 3, background: '#000000' } });
  edit.gif = `data:image/gif;base64,${(await grey.clone().gif().toBuffer()).toString('base64')}`;
  edit.jpegMask = `data:image/jpeg;base64,${(await grey.clone().jpeg().toBuffer()).toString('base64')}`;
  ({ images, emulator, relay } = await startRelayOverEmulatorAsync({
    relayEnv: { RELAY_BODY_LIMIT_BYTES: String(BODY_LIMIT) },
    deps: { log: (line) => logLines.push(JSON.stringify(line)) },
  }));
});

afterAll(async () => {
  await relay?.close();
  await emulator?.closeAsync();
});

describe('malformed requests', () => {
  it('has at least 50 cases', () => {
    expect(cases().length).toBeGreaterThanOrEqual(50);
  });

  it('answers each with a 4xx naming the problem, reaches the emulator with none, and keeps serving', async () => {
    const before = await upstreamStatsAsync();
    expect(before.requests.total).toBe(0);
    for (const testCase of cases()) {
      const headers: Record<string, string> = { authorization: `Bearer ${ALICE_TOKEN}` };
      if (testCase.contentType !== null) headers['content-type'] = testCase.contentType ?? 'application/json';
      const body = testCase.raw ? (testCase.body as string) : JSON.stringify(testCase.body);
      const response = await fetch(`${relay.url}/`, {
        method: 'POST',
        headers,
        body: testCase.raw && testCase.name === 'invalid UTF-8' ? Buffer.from(body, 'latin1') : body,
      });
      const text = await response.text();
      const answer = JSON.parse(text) as Record<string, unknown>;
      expect(response.status, testCase.name).toBe(testCase.status);
      expect(answer['RetCode'], testCase.name).toBe(90000 + testCase.status);
      expect(String(answer['Message']), `${testCase.name}: ${text.slice(0, 300)}`).toContain(testCase.mentions);
      if (testCase.field !== undefined) expect(answer['Field'], testCase.name).toBe(testCase.field);
      expect(text).not.toContain(TEST_PRIVATE_KEY);
    }
    expect((await upstreamStatsAsync()).requests.total).toBe(0);

    const valid = await fetch(`${relay.url}/`, { method: 'POST', headers: authHeaders(), body: JSON.stringify(validGenerateBody(images)) });
    expect(valid.status).toBe(200);
    expect(((await valid.json()) as Record<string, unknown>)['RetCode']).toBe(0);
    expect((await upstreamStatsAsync()).requests.total).toBe(1);
    expect(logLines.filter((line) => line.includes('"status":4')).length).toBe(cases().length);
    expect(logLines.join('\n')).not.toContain(ALICE_TOKEN);
  });

  it('forwards a valid request of each image-editing action exactly once, never retried', async () => {
    const before = (await upstreamStatsAsync()).requests.byAction;
    const bodies = [
      { Action: 'RemoveBackground', RawImage: images.opaquePng, Box: [2, 2, 29, 29] },
      { Action: 'RemoveBackgroundsInBatch', RawImages: [images.opaquePng, images.jpeg] },
      { Action: 'RemoveContents', RawImage: images.opaquePng, Mask: edit.bwMask, InvertMask: true },
    ];
    for (const body of bodies) {
      const response = await fetch(`${relay.url}/`, { method: 'POST', headers: authHeaders(), body: JSON.stringify(body) });
      const answer = (await response.json()) as Record<string, unknown>;
      expect(answer['RetCode'], body.Action).toBe(0);
      expect(typeof answer['TaskUID']).toBe('string');
    }
    const after = (await upstreamStatsAsync()).requests.byAction;
    for (const { Action } of bodies) expect((after[Action] ?? 0) - (before[Action] ?? 0), Action).toBe(1);
  });
});
