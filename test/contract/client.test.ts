import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPicpikClient,
  createPicpikRequestBody,
  PicpikApiError,
  PicpikTransportError,
  PicpikValidationError,
} from '../../src/contract/client';
import { verifySignature } from '../../src/contract/signature';
import { dataUrl, makeTestImagesAsync, type TestImages } from './images';

const KEYS = { publicKey: 'abcdefg', privateKey: '123456' };

interface Received {
  method: string;
  url: string;
  contentType: string;
  body: Record<string, unknown>;
}

let server: Server;
let baseUrl: string;
let received: Received[] = [];
let reply: (body: Record<string, unknown>) => { status: number; text: string };
let images: TestImages;

beforeAll(async () => {
  images = await makeTestImagesAsync();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      received.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'] ?? '', body });
      const { status, text } = reply(body);
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ignored/path`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ok = (extra: Record<string, unknown>) => (body: Record<string, unknown>) => ({
  status: 200,
  text: JSON.stringify({ Action: body['Action'], RetCode: 0, Message: '', request_uuid: body['request_uuid'], ...extra }),
});

describe('createPicpikRequestBody', () => {
  it('adds the envelope and a signature the server can verify', () => {
    const body = createPicpikRequestBody('ListTasksDetails', { TaskUIDList: ['ckti5nf2h4keq8mr9n00'] }, KEYS, 'ebe3bd1a-2fb6-4a85-a1bd-a5d556bf0f50');
    expect(body.Signature).toBe('3e4b285590e95738563c7172ad6bc258d202eb10'); // the documented vector
    const generated = createPicpikRequestBody('ListModels', {}, KEYS);
    expect(generated.request_uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(verifySignature(generated, KEYS.privateKey)).toBe(true);
  });
});

describe('createPicpikClient against a local server', () => {
  it('posts a signed, normalised GenerateBackgrounds body to the root and returns the TaskUID', async () => {
    received = [];
    reply = ok({ TaskUID: 'task-1' });
    const client = createPicpikClient({ baseUrl, ...KEYS });
    const response = await client.generateBackgroundsAsync({
      MainModel: { ModelCode: 'PICPIK General' },
      TransparentImageIndexList: [0],
      ImageList: [dataUrl(images.rgbaPng)],
    });
    expect(response.TaskUID).toBe('task-1');
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/');
    expect(request?.contentType).toContain('application/json');
    expect(request?.body['Action']).toBe('GenerateBackgrounds');
    expect(request?.body['TransparentForeground']).toEqual({ ImageIndex: 0, ResizeMode: 'ResizeAndFill' });
    expect(request?.body).not.toHaveProperty('TransparentImageIndexList');
    expect(verifySignature(request?.body ?? {}, KEYS.privateKey)).toBe(true);
    expect(response.request_uuid).toBe(request?.body['request_uuid']);
  });

  it('uses the given request_uuid and the helpers for every action', async () => {
    received = [];
    reply = (body) => {
      const extra: Record<string, Record<string, unknown>> = {
        ListTasksDetails: { TaskDetailList: [{ TaskUID: 't', Status: 'Finished', ImgList: ['http://x/1.png'] }] },
        ListModels: { MainModels: { m: { Name: 'M' } } },
        ListRunningTasks: { TaskUIDList: ['t'] },
        GetCreditBalance: { TotalCredits: 10, UsedCredits: 1, ExpireTimestamp: 1 },
      };
      return ok(extra[body['Action'] as string] ?? {})(body);
    };
    const client = createPicpikClient({ baseUrl, ...KEYS });
    const details = await client.callAsync('ListTasksDetails', { TaskUIDList: ['t'] }, { requestUuid: 'fixed-uuid' });
    expect(details.TaskDetailList[0]?.ErrorMassage).toBe('');
    expect(received[0]?.body['request_uuid']).toBe('fixed-uuid');
    expect((await client.listTasksDetailsAsync(['t'])).TaskDetailList).toHaveLength(1);
    expect((await client.listModelsAsync()).MainModels['m']?.ModelCode).toBe('m');
    expect((await client.terminateTaskAsync('t')).RetCode).toBe(0);
    expect((await client.listRunningTasksAsync()).TaskUIDList).toEqual(['t']);
    expect((await client.getCreditBalanceAsync()).TotalCredits).toBe(10);
    for (const r of received) expect(verifySignature(r.body, KEYS.privateKey)).toBe(true);
  });

  it('turns a non-zero RetCode into a PicpikApiError carrying RetCode and Message', async () => {
    reply = (body) => ({ status: 200, text: JSON.stringify({ Action: body['Action'], RetCode: 160, Message: 'Signature invalid', request_uuid: body['request_uuid'] }) });
    const client = createPicpikClient({ baseUrl, ...KEYS });
    const error = await client.callAsync('ListModels', {}, { requestUuid: 'u-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PicpikApiError);
    expect(error).toMatchObject({ retCode: 160, apiMessage: 'Signature invalid', action: 'ListModels', requestUuid: 'u-1' });
  });

  it('turns non-JSON, non-2xx and off-contract answers into PicpikTransportError', async () => {
    const client = createPicpikClient({ baseUrl, ...KEYS });
    reply = () => ({ status: 200, text: '<html>gateway</html>' });
    await expect(client.listModelsAsync()).rejects.toMatchObject({ name: 'PicpikTransportError', reason: 'not_json', status: 200, bodySnippet: '<html>gateway</html>' });
    reply = () => ({ status: 502, text: 'bad gateway' });
    await expect(client.listModelsAsync()).rejects.toMatchObject({ reason: 'http', status: 502, bodySnippet: 'bad gateway' });
    reply = (body) => ({ status: 200, text: JSON.stringify({ Action: body['Action'], RetCode: 0 }) });
    await expect(client.generateBackgroundsAsync({ MainModel: { ModelCode: 'm' }, TransparentForeground: { ImageIndex: 0 }, ImageList: [dataUrl(images.rgbaPng)] })).rejects.toMatchObject({
      reason: 'bad_shape',
    });
  });

  it('reports a network failure and a timeout as transport errors', async () => {
    const refused = createPicpikClient({ baseUrl: 'http://127.0.0.1:1', ...KEYS });
    const error = await refused.listModelsAsync().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PicpikTransportError);
    expect(error).toMatchObject({ reason: 'network', status: 0 });
    const hanging = createPicpikClient({
      baseUrl,
      ...KEYS,
      timeoutMs: 20,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted')))),
    });
    await expect(hanging.listModelsAsync()).rejects.toMatchObject({ reason: 'timeout' });
  });

  it('refuses invalid parameters before sending anything', async () => {
    received = [];
    const client = createPicpikClient({ baseUrl, ...KEYS });
    const error = await client.generateBackgroundsAsync({ MainModel: { ModelCode: 'm' }, Width: 3000, TransparentForeground: { ImageIndex: 0 }, ImageList: [dataUrl(images.rgbaPng)] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PicpikValidationError);
    expect((error as PicpikValidationError).issues[0]?.path).toBe('Width');
    expect(received).toHaveLength(0);
  });

  it('works with an injected fetch', async () => {
    let seen: { url: string; body: Record<string, unknown> } | undefined;
    const client = createPicpikClient({
      baseUrl: 'https://api.picpik.ai',
      ...KEYS,
      fetch: async (url, init) => {
        seen = { url: String(url), body: JSON.parse(String(init?.body)) as Record<string, unknown> };
        return new Response(JSON.stringify({ Action: 'GetCreditBalance', RetCode: 0, TotalCredits: 5, UsedCredits: 0, ExpireTimestamp: 9 }));
      },
    });
    expect((await client.getCreditBalanceAsync()).ExpireTimestamp).toBe(9);
    expect(seen?.url).toBe('https://api.picpik.ai/');
    expect(verifySignature(seen?.body ?? {}, KEYS.privateKey)).toBe(true);
  });
});
