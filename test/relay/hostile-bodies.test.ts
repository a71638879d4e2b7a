// Hostile bodies against a real relay in front of the emulator: huge lists, huge or escaped
// texts, fake or stray images, lone surrogates and giant keys are each refused with a 400
// naming the field or the limit, none reaches PICPIK, and /healthz keeps answering meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/serve';
import type { RunningRelay } from '../../src/relay/serve';
import { authHeaders, emulatorStatsAsync, startRelayOverEmulatorAsync, validGenerateBody, type TestImages } from './relay-fixtures';

let emulator: RunningEmulator;
let relay: RunningRelay;
let images: TestImages;

beforeAll(async () => {
  ({ images, emulator, relay } = await startRelayOverEmulatorAsync({ deps: { log: () => undefined } }));
});

afterAll(async () => {
  await relay?.close();
  await emulator?.closeAsync();
});

async function postAsync(body: string | Uint8Array<ArrayBuffer>): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${relay.url}/`, { method: 'POST', headers: authHeaders(), body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const upstreamRequestsAsync = async () => (await emulatorStatsAsync(emulator)).requests.total;

async function expectRefusedAsync(body: string | Uint8Array<ArrayBuffer>, field: string, messagePart: string): Promise<void> {
  const before = await upstreamRequestsAsync();
  const { status, json } = await postAsync(body);
  expect(status, JSON.stringify(json)).toBe(400);
  expect(json['RetCode']).toBe(90400);
  expect(json['Field']).toBe(field);
  expect(String(json['Message'])).toContain(messagePart);
  expect(await upstreamRequestsAsync()).toBe(before);
}

describe('bounded lists and texts', () => {
  it('refuses a 63 MB body of empty objects while streaming, and /healthz answers meanwhile', async () => {
    const body = new TextEncoder().encode(`{"Action":"ListModels","X":[${'{},'.repeat(21_000_000)}{}]}`);
    expect(body.byteLength).toBeGreaterThan(63_000_000);
    const before = await upstreamRequestsAsync();
    const refusal = postAsync(body);
    const health = await fetch(`${relay.url}/healthz`);
    expect(health.status).toBe(200);
    const { status, json } = await refusal;
    expect(status).toBe(400);
    expect(json['Field']).toBe('body');
    expect(String(json['Message'])).toContain('RELAY_MAX_JSON_ELEMENTS');
    expect(await upstreamRequestsAsync()).toBe(before);
  });

  it('refuses a SubModelList longer than the list limit, naming it', async () => {
    const body = { ...validGenerateBody(images), SubModelList: Array.from({ length: 101 }, () => ({ ModelCode: 'lora-1', TriggerWordList: [] })) };
    await expectRefusedAsync(JSON.stringify(body), 'SubModelList', 'RELAY_MAX_LIST_ITEMS');
  });

  it('refuses 10,000 prompts and prompt text over the total', async () => {
    const prompts = (length: number) => Array.from({ length }, (_, i) => `p${i}`);
    await expectRefusedAsync(JSON.stringify({ ...validGenerateBody(images), PositivePrompts: prompts(10_000) }), 'body', 'RELAY_MAX_JSON_ELEMENTS');
    await expectRefusedAsync(JSON.stringify({ ...validGenerateBody(images), PositivePrompts: prompts(500) }), 'PositivePrompts', 'RELAY_MAX_LIST_ITEMS');
    const long = { ...validGenerateBody(images), PositivePrompts: ['a'.repeat(9000)], NegativePrompts: ['b'.repeat(9000)] };
    await expectRefusedAsync(JSON.stringify(long), 'NegativePrompts', 'RELAY_MAX_PROMPT_TEXT_BYTES');
  });

  it('refuses a TriggerWordList and a TaskUIDList over the limits', async () => {
    const words = { ...validGenerateBody(images), SubModelList: [{ ModelCode: 'lora-1', TriggerWordList: Array.from({ length: 200 }, () => 'w') }] };
    await expectRefusedAsync(JSON.stringify(words), 'SubModelList[0].TriggerWordList', 'RELAY_MAX_LIST_ITEMS');
    const uids = { Action: 'ListTasksDetails', TaskUIDList: Array.from({ length: 5000 }, (_, i) => `t${i}`) };
    await expectRefusedAsync(JSON.stringify(uids), 'TaskUIDList', 'RELAY_MAX_LIST_ITEMS');
  });

  it('refuses a long escaped text outside ImageList before parsing it', async () => {
    const body = `{"Action":"ListModels","Note":"${'\\n'.repeat(300_000)}"}`;
    await expectRefusedAsync(body, 'body', 'RELAY_MAX_STRING_BYTES');
  });

  it('refuses escapes inside an ImageList image, naming the entry', async () => {
    const image = images.transparentPng.replace('/', '\\/');
    const body = JSON.stringify({ ...validGenerateBody(images), ImageList: ['IMAGE'] }).replace('IMAGE', image);
    await expectRefusedAsync(body, 'ImageList[0]', 'escapes');
  });
});

describe('ImageList entries', () => {
  it('refuses 60 MB of "A" as an image, naming the entry', async () => {
    const body = { ...validGenerateBody(images), ImageList: [images.transparentPng, 'A'.repeat(60_000_000)], BackgroundImage2Image: { ImageIndex: 1, ReferStrength: 0.5 } };
    await expectRefusedAsync(JSON.stringify(body), 'ImageList[1]', 'PNG, JPEG or WebP');
  });

  it('refuses an image no index field points to', async () => {
    const body = { ...validGenerateBody(images), ImageList: [images.transparentPng, images.jpeg] };
    await expectRefusedAsync(JSON.stringify(body), 'ImageList[1]', 'no field points to this image');
  });

  it('refuses a GIF even where an index points to it', async () => {
    const gif = `data:image/gif;base64,${Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;').toString('base64')}`;
    const body = { ...validGenerateBody(images), ImageList: [images.transparentPng, gif], BackgroundImage2Image: { ImageIndex: 1, ReferStrength: 0.5 } };
    await expectRefusedAsync(JSON.stringify(body), 'ImageList[1]', 'PNG, JPEG or WebP');
  });

  it('still forwards a foreground and a referenced JPEG', async () => {
    const before = await upstreamRequestsAsync();
    const body = { ...validGenerateBody(images), ImageList: [images.transparentPng, images.jpeg], BackgroundImage2Image: { ImageIndex: 1, ReferStrength: 0.5 } };
    const { status, json } = await postAsync(JSON.stringify(body));
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json['RetCode']).toBe(0);
    expect(await upstreamRequestsAsync()).toBe(before + 1);
  });
});

describe('text the signature cannot cover', () => {
  it('refuses a lone surrogate in a prompt, naming the field', async () => {
    const body = JSON.stringify({ ...validGenerateBody(images), PositivePrompts: ['ok', 'LONE'] }).replace('LONE', '\\ud800 kitchen');
    await expectRefusedAsync(body, 'PositivePrompts[1]', 'lone UTF-16 surrogate');
  });

  it('names a 64 KiB key by its real (cut) name', async () => {
    const key = `K${'k'.repeat(70_000)}`;
    const body = `{"Action":"ListModels","${key}":1}`;
    await expectRefusedAsync(body, `${key.slice(0, 64)}...`, 'field name longer than 128');
  });
});
