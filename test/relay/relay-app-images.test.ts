// The relay's image route against a scripted PICPIK stand-in: result images proxied by task and
// index, looked up with a signed ListTasksDetails, and refused where the URL or answer is unsafe.
import { describe, expect, it } from 'vitest';
import { createRelayApp, type RelayDeps } from '../../src/relay/app';
import { verifySignature } from '../../src/contract/signature';
import {
  TEST_PRIVATE_KEY,
  authHeaders,
  createScriptedFetch,
  jsonResponse,
  makeRelayConfig,
} from './relay-fixtures';
import { useRelayAppHarness } from './relay-app-harness';

const { logLines, state, makeRelay } = useRelayAppHarness(3);

describe('GET /v1/tasks/:uid/images/:index', () => {
  const cdn = 'https://cdn.picpik.test';
  function imageRelay(imgList: string[], serve: (url: string) => Response, deps: RelayDeps = {}) {
    return makeRelay(
      (call) => {
        if (call.body?.['Action'] === 'ListTasksDetails') {
          const uid = (call.body['TaskUIDList'] as string[])[0];
          return jsonResponse({
            Action: 'ListTasksDetails',
            RetCode: 0,
            Message: '',
            TaskDetailList: uid === 'task-1' ? [{ TaskUID: 'task-1', Status: 'Finished', ImgList: imgList, ErrorCode: 0 }] : [],
          });
        }
        return serve(call.url);
      },
      {},
      deps,
    );
  }
  const png = () => new Response(state.images.pngBytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'image/png' } });

  it('streams the image with its content type and private caching', async () => {
    const relay = imageRelay([`${cdn}/a.png`], png);
    const response = await relay.app.request('/v1/tasks/task-1/images/0', { headers: authHeaders() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toContain('private');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(state.images.pngBytes);
    const lookup = relay.upstream.calls[0]?.body ?? {};
    expect(lookup['TaskUIDList']).toEqual(['task-1']);
    expect(verifySignature(lookup, TEST_PRIVATE_KEY)).toBe(true);
  });

  it('answers 404 for an index past ImgList and for an unknown task, 400 for bad parameters', async () => {
    const relay = imageRelay([`${cdn}/a.png`], png);
    expect((await relay.request('/v1/tasks/task-1/images/1', { headers: authHeaders() })).status).toBe(404);
    expect((await relay.request('/v1/tasks/nope/images/0', { headers: authHeaders() })).status).toBe(404);
    const badIndex = await relay.request('/v1/tasks/task-1/images/x', { headers: authHeaders() });
    expect(badIndex.status).toBe(400);
    expect(badIndex.json()['Field']).toBe('index');
    const badUid = await relay.request('/v1/tasks/ta%20sk/images/0', { headers: authHeaders() });
    expect(badUid.status).toBe(400);
    expect(badUid.json()['Field']).toBe('TaskUID');
  });

  it('follows a redirect on the same host only', async () => {
    const relay = imageRelay([`${cdn}/moved`], (url) =>
      url.endsWith('/moved') ? new Response(null, { status: 302, headers: { location: '/a.png' } }) : png(),
    );
    expect((await relay.request('/v1/tasks/task-1/images/0', { headers: authHeaders() })).status).toBe(200);
    expect(relay.upstream.calls.map((call) => call.url).slice(1)).toEqual([`${cdn}/moved`, `${cdn}/a.png`]);
  });

  it('never fetches forbidden image URLs (private, link-local, loopback, file:, http, credentials, other-host redirects)', async () => {
    const forbidden = [
      'http://10.0.0.1/a.png',
      'https://10.0.0.1/a.png',
      'https://169.254.169.254/latest/meta-data/',
      'file:///etc/passwd',
      'http://other-host.test/a.png',
      'https://127.0.0.1/a.png',
      'https://[::1]/a.png',
      'https://[::ffff:169.254.169.254]/a.png',
      'https://[fe80::1]/a.png',
      'https://localhost/a.png',
      'https://0.0.0.0/a.png',
      'https://user:pass@cdn.picpik.test/a.png',
      'https://internal.picpik.test/a.png',
      'not a url',
    ];
    const redirectTargets = ['https://evil.test/a.png', 'http://cdn.picpik.test/a.png'];
    const imgList = [...forbidden, `${cdn}/to-other-host`, `${cdn}/to-http`];
    const relay = imageRelay(
      imgList,
      (url) => {
        if (url.endsWith('/to-other-host')) return new Response(null, { status: 302, headers: { location: redirectTargets[0] ?? '' } });
        if (url.endsWith('/to-http')) return new Response(null, { status: 301, headers: { location: redirectTargets[1] ?? '' } });
        return png();
      },
      { resolveHost: async (host) => (host === 'internal.picpik.test' ? ['10.1.2.3'] : ['93.184.216.34']) },
    );
    for (let index = 0; index < imgList.length; index += 1) {
      const res = await relay.request(`/v1/tasks/task-1/images/${index}`, { headers: authHeaders() });
      expect(res.status, imgList[index]).toBe(502);
      expect(res.json()['Message']).toContain('will not fetch');
    }
    const fetched = relay.upstream.calls.map((call) => call.url).filter((url) => url !== 'https://api.picpik.test/');
    for (const url of [...forbidden, ...redirectTargets]) expect(fetched).not.toContain(new URL(url, 'https://x.test').href);
    expect(fetched.every((url) => url.startsWith('https://cdn.picpik.test/to-'))).toBe(true);
  });

  it("allows the upstream's own origin even over http on loopback, but still not link-local", async () => {
    const upstreamUrl = 'http://127.0.0.1:9';
    const upstream = createScriptedFetch((call) =>
      call.body
        ? jsonResponse({
            Action: 'ListTasksDetails',
            RetCode: 0,
            TaskDetailList: [{ TaskUID: 'task-1', Status: 'Finished', ImgList: [`${upstreamUrl}/images/a.png`, 'https://169.254.169.254/'] }],
          })
        : png(),
    );
    const app = createRelayApp(makeRelayConfig({ PICPIK_API_URL: upstreamUrl }), { fetch: upstream.fetch, log: (l) => logLines.push(JSON.stringify(l)) });
    expect((await app.request('/v1/tasks/task-1/images/0', { headers: authHeaders() })).status).toBe(200);
    expect((await app.request('/v1/tasks/task-1/images/1', { headers: authHeaders() })).status).toBe(502);
    expect(upstream.calls.map((call) => call.url)).not.toContain('https://169.254.169.254/');
  });

  it('refuses non-image content types and images over the size cap with 502', async () => {
    const html = imageRelay([`${cdn}/a.png`], () => new Response('<html>', { headers: { 'content-type': 'text/html' } }));
    expect((await html.request('/v1/tasks/task-1/images/0', { headers: authHeaders() })).status).toBe(502);
    const huge = imageRelay([`${cdn}/a.png`], () =>
      new Response(new Uint8Array(2_000_000), { headers: { 'content-type': 'image/png', 'content-length': '2000000' } }),
    );
    const relay = createRelayApp(makeRelayConfig({ RELAY_IMAGE_MAX_BYTES: '1000000' }), { fetch: huge.upstream.fetch, log: () => undefined });
    expect((await relay.request('/v1/tasks/task-1/images/0', { headers: authHeaders() })).status).toBe(502);
  });

  it('retries an image fetch after a 5xx', async () => {
    let failures = 1;
    const relay = imageRelay([`${cdn}/a.png`], () => (failures-- > 0 ? new Response('busy', { status: 503 }) : png()));
    expect((await relay.request('/v1/tasks/task-1/images/0', { headers: authHeaders() })).status).toBe(200);
  });
});
