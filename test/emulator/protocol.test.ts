// The emulator's wire protocol over HTTP: signatures, actions, validation errors (each naming
// its field), request_uuid echo and the model list, all through the contract's typed client.
import { crc32 } from '../../src/contract/png-crc32';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createPicpikClient } from '../../src/contract/client';
import { signParams } from '../../src/contract/signature';
import { RET_CODES } from '../../src/emulator/ret-codes';
import {
  TEST_KEYS,
  generateParams,
  makeForegroundPngAsync,
  postSignedRawAsync,
  refusalOfAsync,
  transportErrorOfAsync,
  startTestEmulatorAsync,
  toDataUrl,
  type TestEmulator,
} from './emulator-fixture';

let emulator: TestEmulator;
let foreground: Buffer;

beforeAll(async () => {
  emulator = await startTestEmulatorAsync({ queueMs: 60_000, runMs: 60_000 });
  foreground = await makeForegroundPngAsync(64, 64);
});
afterAll(async () => emulator.closeAsync());

describe('signatures', () => {
  it('accepts a request signed with the configured key pair and echoes request_uuid', async () => {
    const response = await emulator.client.listModelsAsync({ requestUuid: 'b91fcfbe-bb35-47ce-a168-bd6252c75270' });
    expect(response.RetCode).toBe(0);
    expect(response.request_uuid).toBe('b91fcfbe-bb35-47ce-a168-bd6252c75270');
  });

  it('refuses a request signed with another private key (RetCode 160) and still echoes request_uuid', async () => {
    const wrong = createPicpikClient({ baseUrl: emulator.url, publicKey: TEST_KEYS.publicKey, privateKey: 'not-the-key' });
    const body = { Action: 'ListModels', PublicKey: TEST_KEYS.publicKey, request_uuid: 'echo-me' };
    const raw = await fetch(emulator.url, { method: 'POST', body: JSON.stringify({ ...body, Signature: signParams(body, 'not-the-key') }) });
    const json = (await raw.json()) as Record<string, unknown>;
    expect(raw.status).toBe(200);
    expect(json).toMatchObject({ RetCode: RET_CODES.badSignature, request_uuid: 'echo-me' });
    const refusal = await refusalOfAsync(wrong.listModelsAsync());
    expect(refusal.retCode).toBe(RET_CODES.badSignature);
    expect(refusal.message).toMatch(/Signature/);
  });

  it('refuses a parameter changed after signing', async () => {
    const body: Record<string, unknown> = { Action: 'ListTasksDetails', PublicKey: TEST_KEYS.publicKey, TaskUIDList: ['a'] };
    body['Signature'] = signParams(body, TEST_KEYS.privateKey);
    body['TaskUIDList'] = ['b'];
    const json = (await (await fetch(emulator.url, { method: 'POST', body: JSON.stringify(body) })).json()) as Record<string, unknown>;
    expect(json['RetCode']).toBe(RET_CODES.badSignature);
  });

  it('refuses a missing Signature', async () => {
    const json = (await (await fetch(emulator.url, { method: 'POST', body: JSON.stringify({ Action: 'ListModels', PublicKey: TEST_KEYS.publicKey }) })).json()) as Record<string, unknown>;
    expect(json).toMatchObject({ RetCode: RET_CODES.badSignature, Message: 'Signature is required' });
  });

  it('refuses an unknown PublicKey (RetCode 171)', async () => {
    const other = createPicpikClient({ baseUrl: emulator.url, publicKey: 'someone-else', privateKey: TEST_KEYS.privateKey });
    const refusal = await refusalOfAsync(other.getCreditBalanceAsync());
    expect(refusal.retCode).toBe(RET_CODES.unknownPublicKey);
    expect(refusal.message).toMatch(/PublicKey/);
  });

  it('refuses a body that is not a JSON object (RetCode 100)', async () => {
    const json = (await (await fetch(emulator.url, { method: 'POST', body: '[1,2]' })).json()) as Record<string, unknown>;
    expect(json['RetCode']).toBe(RET_CODES.malformedRequest);
  });
});

describe('actions', () => {
  it('refuses an unknown Action with RetCode 150 naming it', async () => {
    const refusal = await refusalOfAsync(emulator.client.callAsync('StartPicpikApp' as never, {} as never, { validate: false }));
    expect(refusal.retCode).toBe(RET_CODES.unknownAction);
    expect(refusal.message).toContain('"StartPicpikApp"');
  });

  it('lists emulator-labelled models including PICPIK General, with sub-model kinds', async () => {
    const models = await emulator.client.listModelsAsync();
    expect(models.MainModels['PICPIK General']?.Name).toBe('PICPIK General (emulator)');
    for (const model of Object.values(models.MainModels)) expect(model.Name).toMatch(/\(emulator\)$/);
    expect(Object.keys(models.LoraModels).length).toBeGreaterThan(0);
    expect(Object.keys(models.EmbeddingModels).length).toBeGreaterThan(0);
    expect(Object.keys(models.HypernetworkModels).length).toBeGreaterThan(0);
  });

  it('answers GetCreditBalance with the starting balance', async () => {
    const balance = await emulator.client.getCreditBalanceAsync();
    expect(balance.TotalCredits).toBe(100_000);
    expect(balance.UsedCredits).toBe(0);
    // Optional in PICPIK's table, and these credits never expire: left out.
    expect(balance.ExpireTimestamp).toBeUndefined();
    expect(Object.keys(await postSignedRawAsync(emulator.url, { Action: 'GetCreditBalance' })).sort()).toEqual(['Action', 'Message', 'RetCode', 'TotalCredits', 'UsedCredits']);
  });
});

describe('validation errors name the field', () => {
  const cases: { name: string; change: Record<string, unknown>; field: string; retCode: number }[] = [
    { name: 'missing MainModel', change: { MainModel: undefined }, field: 'MainModel', retCode: RET_CODES.invalidParam },
    { name: 'empty ModelCode', change: { MainModel: { ModelCode: '' } }, field: 'MainModel.ModelCode', retCode: RET_CODES.invalidParam },
    { name: 'Width too small', change: { Width: 32 }, field: 'Width', retCode: RET_CODES.invalidParam },
    { name: 'Height too large', change: { Height: 4000 }, field: 'Height', retCode: RET_CODES.invalidParam },
    { name: 'Width not whole', change: { Width: 100.5 }, field: 'Width', retCode: RET_CODES.invalidParam },
    { name: 'BatchSize 0', change: { BatchSize: 0 }, field: 'BatchSize', retCode: RET_CODES.invalidParam },
    { name: 'BatchSize 17', change: { BatchSize: 17 }, field: 'BatchSize', retCode: RET_CODES.invalidParam },
    { name: 'Seed below -1', change: { Seed: -2 }, field: 'Seed', retCode: RET_CODES.invalidParam },
    { name: 'PositivePrompts not a list', change: { PositivePrompts: 'beach' }, field: 'PositivePrompts', retCode: RET_CODES.invalidParam },
    { name: 'unknown ResizeMode', change: { TransparentForeground: { ImageIndex: 0, ResizeMode: 'Stretch' } }, field: 'TransparentForeground.ResizeMode', retCode: RET_CODES.invalidParam },
    { name: 'ReferStrength above 1', change: { BackgroundImage2Image: { ImageIndex: 0, ReferStrength: 1.5 } }, field: 'BackgroundImage2Image.ReferStrength', retCode: RET_CODES.invalidParam },
    { name: 'LoraWeight out of range', change: { SubModelList: [{ ModelCode: 'lora-soft-light', InferenceParams: { LoraWeight: 3 } }] }, field: 'SubModelList[0].InferenceParams.LoraWeight', retCode: RET_CODES.invalidParam },
    { name: 'missing foreground', change: { TransparentForeground: undefined }, field: 'TransparentForeground', retCode: RET_CODES.invalidParam },
    { name: 'empty ImageList', change: { ImageList: [] }, field: 'ImageList', retCode: RET_CODES.invalidParam },
    { name: 'ImageList not base64', change: { ImageList: ['not base64!'] }, field: 'ImageList[0]', retCode: RET_CODES.invalidParam },
    { name: 'an unknown field', change: { Colour: 'red' }, field: 'Colour', retCode: RET_CODES.invalidParam },
    { name: 'foreground ImageIndex outside ImageList', change: { TransparentForeground: { ImageIndex: 3 } }, field: 'TransparentForeground.ImageIndex', retCode: RET_CODES.imageIndexOutOfRange },
    { name: 'reference ImageIndex outside ImageList', change: { BackgroundImage2Image: { ImageIndex: 1 } }, field: 'BackgroundImage2Image.ImageIndex', retCode: RET_CODES.imageIndexOutOfRange },
  ];

  for (const testCase of cases) {
    it(`${testCase.name} -> RetCode ${testCase.retCode} naming ${testCase.field}`, async () => {
      const params: Record<string, unknown> = { ...generateParams(foreground), ...testCase.change };
      for (const key of Object.keys(params)) if (params[key] === undefined) delete params[key];
      const refusal = await refusalOfAsync(emulator.client.callAsync('GenerateBackgrounds', params as never, { validate: false }));
      expect(refusal.retCode).toBe(testCase.retCode);
      expect(refusal.message).toContain(testCase.field);
    });
  }

  it('refuses a JPEG foreground (RetCode 231) naming the image', async () => {
    const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#808080' } }).jpeg().toBuffer();
    const params = generateParams(foreground, { ImageList: [`data:image/jpeg;base64,${jpeg.toString('base64')}`] });
    const refusal = await refusalOfAsync(emulator.client.callAsync('GenerateBackgrounds', params as never, { validate: false }));
    expect(refusal.retCode).toBe(RET_CODES.foregroundNotTransparentPng);
    expect(refusal.message).toContain('ImageList[0]');
    expect(refusal.message).toMatch(/PNG/);
  });

  it('refuses a PNG without alpha as foreground (RetCode 231)', async () => {
    const opaque = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#808080' } }).png().toBuffer();
    const params = generateParams(foreground, { ImageList: [toDataUrl(opaque)] });
    const refusal = await refusalOfAsync(emulator.client.callAsync('GenerateBackgrounds', params as never, { validate: false }));
    expect(refusal.retCode).toBe(RET_CODES.foregroundNotTransparentPng);
    expect(refusal.message).toMatch(/alpha/);
  });

  it('refuses a whole PNG its decoder cannot read (RetCode 233), and the contract a PNG cut short', async () => {
    // Every chunk where its header says and its checksum right, but a bit depth PNG does not have.
    const broken = Buffer.from(foreground);
    broken[24] = 3;
    broken.writeUInt32BE(crc32(broken, 12, 29), 29);
    const params = generateParams(foreground, { ImageList: [toDataUrl(broken)] });
    const refusal = await refusalOfAsync(emulator.client.callAsync('GenerateBackgrounds', params as never, { validate: false }));
    expect(refusal.retCode).toBe(RET_CODES.undecodableImage);
    expect(refusal.message).toContain('ImageList[0]');
    const cut = Buffer.concat([foreground.subarray(0, 60), Buffer.alloc(40, 7)]);
    const refused = await refusalOfAsync(emulator.client.callAsync('GenerateBackgrounds', generateParams(foreground, { ImageList: [toDataUrl(cut)] }) as never, { validate: false }));
    expect(refused.retCode).toBe(RET_CODES.foregroundNotTransparentPng);
    expect(refused.message).toMatch(/ImageList\[0\].*is not a readable PNG/);
  });

  it('refuses ListTasksDetails without TaskUIDList and TerminateTask without TaskUID', async () => {
    const list = await refusalOfAsync(emulator.client.callAsync('ListTasksDetails', {} as never, { validate: false }));
    expect(list).toMatchObject({ retCode: RET_CODES.invalidParam });
    expect(list.message).toContain('TaskUIDList');
    const terminate = await refusalOfAsync(emulator.client.callAsync('TerminateTask', {} as never, { validate: false }));
    expect(terminate.message).toContain('TaskUID');
  });

  it('refuses a body over the configured size with HTTP 413 and RetCode 413', async () => {
    const small = await startTestEmulatorAsync({ maxBodyBytes: 4096 });
    try {
      const params = generateParams(await makeForegroundPngAsync(200, 200));
      const error = await transportErrorOfAsync(small.client.generateBackgroundsAsync(params));
      expect(error.status).toBe(413);
      expect(error.bodySnippet).toContain('"RetCode":413');
    } finally {
      await small.closeAsync();
    }
  });

  it('accepts the seed example shape (TransparentImageIndexList, ResizeMode in BackgroundImage2Image)', async () => {
    const params = generateParams(foreground, {
      TransparentForeground: undefined,
      TransparentImageIndexList: [0],
      ImageList: [toDataUrl(foreground), toDataUrl(foreground)],
      BackgroundImage2Image: { ImageIndex: 1, ReferStrength: 0.3, ResizeMode: 'CropAndResize' },
    });
    delete (params as Record<string, unknown>)['TransparentForeground'];
    const response = await emulator.client.callAsync('GenerateBackgrounds', params as never, { validate: false });
    expect(response.TaskUID).toMatch(/^[0-9a-v]{20}$/);
  });
});

describe('internal failures', () => {
  it('answers an action that throws with RetCode 500 and the common fields, counted per RetCode', async () => {
    const store = emulator.running.emulator.store;
    const original = store.openTasks.bind(store);
    store.openTasks = () => {
      throw new Error('store unavailable');
    };
    try {
      const json = await postSignedRawAsync(emulator.url, { Action: 'ListRunningTasks', request_uuid: 'uuid-500' });
      expect(json).toEqual({ Action: 'ListRunningTasksResponse', RetCode: 500, Message: 'the emulator failed: store unavailable', request_uuid: 'uuid-500' });
    } finally {
      store.openTasks = original;
    }
    const stats = (await (await emulator.adminGetAsync('stats')).json()) as { requests: { byRetCode: Record<string, number> } };
    expect(stats.requests.byRetCode['500']).toBe(1);
  });
});
