// Large bodies land in reused buffers: a buffer goes back to the pool only once its request to
// PICPIK has handed its last byte over (or the request is answered), the pool keeps no more idle memory than it is allowed, and bodies that follow one
// another (or arrive together) in the same buffers each reach PICPIK exactly as they were sent.
import { describe, expect, it } from 'vitest';
import { createBodyBufferPool, POOLED_FROM_BYTES } from '../../src/relay/body-buffer-pool';
import { createInflightBodyBudget } from '../../src/relay/inflight-body-budget';
import { makeTestImagesAsync, validGenerateBody, type TestImages } from './relay-fixtures';
import { largeCutOut, postAsync, startLargeBodyEmulatorAsync, untilAsync, upstreamJsonOf, useLargeUploadSetup } from './early-upstream-fixtures';
import { createNodeUpstreamFetch } from '../../src/relay/node-upstream-fetch';
import { startRelayAsync } from '../../src/relay/serve';
import { markUnsent, type UpstreamPost } from '../../src/relay/upstream-call';
import { makeRelayConfig, relayEnvFor } from './relay-fixtures';

const MB = 2 ** 20;

/** A large cut-out whose padding bytes are all `fill`, so each body is told apart by its image. */
function cutOutFilledWith(images: TestImages, fill: number, megabytes: number): string {
  const [head, base64] = largeCutOut(images, megabytes).split(',') as [string, string];
  const bytes = Buffer.from(base64, 'base64');
  bytes.fill(fill, images.pngBytes.byteLength);
  return `${head},${bytes.toString('base64')}`;
}

describe('the body buffer pool', () => {
  it('hands a released buffer to the next body it holds, and a fresh one while it is in use', () => {
    const pool = createBodyBufferPool(64 * MB);
    const first = pool.acquire(20 * MB + 5);
    first.bytes.fill(7);
    const during = pool.acquire(20 * MB + 5);
    expect(during.bytes.buffer === first.bytes.buffer).toBe(false);
    first.release();
    expect(pool.idleBytes()).toBe(21 * MB);
    const next = pool.acquire(12 * MB);
    expect(next.bytes.buffer === first.bytes.buffer).toBe(true);
    expect(next.bytes.byteLength).toBe(12 * MB);
    expect(pool.idleBytes()).toBe(0);
  });

  it('takes the smallest idle buffer that fits, never one over twice the body, nor one too small', () => {
    const pool = createBodyBufferPool(256 * MB);
    const sizes = [30, 8, 12].map((mb) => pool.acquire(mb * MB));
    sizes.forEach((body) => body.release());
    expect(pool.acquire(10 * MB).bytes.buffer === sizes[2]?.bytes.buffer).toBe(true);
    expect(pool.acquire(16 * MB).bytes.buffer === sizes[0]?.bytes.buffer).toBe(true);
    expect(pool.acquire(9 * MB).bytes.buffer.byteLength).toBe(9 * MB); // 8 MB is too small: a new one
    expect(pool.acquire(3 * MB).bytes.buffer.byteLength).toBe(3 * MB); // 8 MB is over twice 3: a new one
    expect(pool.idleBytes()).toBe(8 * MB);
  });

  it('keeps no more idle memory than its bound, dropping the oldest, and never pools a small body', () => {
    const pool = createBodyBufferPool(30 * MB);
    const a = pool.acquire(20 * MB);
    const b = pool.acquire(20 * MB);
    a.release();
    b.release();
    expect(pool.idleBytes()).toBe(20 * MB);
    a.release(); // twice: no effect
    expect(pool.idleBytes()).toBe(20 * MB);
    expect(pool.acquire(20 * MB).bytes.buffer === b.bytes.buffer).toBe(true);
    const small = pool.acquire(POOLED_FROM_BYTES - 1);
    small.release();
    expect(pool.idleBytes()).toBe(0);
  });
});

describe('buffers larger than their body, against the in-flight budget', () => {
  it('counts the extra bytes of a reused or rounded-up buffer, and gives an exact buffer when the budget has no room for them', () => {
    const budget = createInflightBodyBudget({ totalBytes: 31 * MB + 1, perTokenBytes: 32 * MB });
    const pool = createBodyBufferPool(64 * MB);
    pool.acquire(24 * MB).release();
    // 16 MB + 5 fits the idle 24 MB buffer: its 8 MB - 5 extra bytes are counted with the body.
    const roomy = budget.open('alice');
    roomy.grow(16 * MB + 5);
    const reused = pool.acquire(16 * MB + 5, roomy.tryGrow);
    expect(reused.bytes.buffer.byteLength).toBe(24 * MB);
    expect(budget.heldBytes()).toBe(24 * MB);
    // Another body of 7 MB + 1 has room for itself but not for a rounded-up 8 MB buffer.
    const tight = budget.open('bob');
    tight.grow(7 * MB + 1);
    const exact = pool.acquire(7 * MB + 1, tight.tryGrow);
    expect(exact.bytes.buffer.byteLength).toBe(7 * MB + 1);
    expect(budget.heldBytes()).toBe(31 * MB + 1);
    reused.release();
    roomy.release();
    // Where the idle 24 MB buffer is more than a budget can count, a new one is made and it stays idle.
    const small = createInflightBodyBudget({ totalBytes: 20 * MB, perTokenBytes: 20 * MB }).open('carol');
    small.grow(12 * MB);
    expect(pool.acquire(12 * MB, small.tryGrow).bytes.buffer.byteLength).toBe(12 * MB);
    expect(pool.idleBytes()).toBe(24 * MB);
  });

  it('tryGrow counts bytes only within both caps', () => {
    const budget = createInflightBodyBudget({ totalBytes: 10, perTokenBytes: 6 });
    const a = budget.open('a');
    expect(a.tryGrow(6)).toBe(true);
    expect(a.tryGrow(1)).toBe(false); // the token's cap
    const b = budget.open('b');
    expect(b.tryGrow(5)).toBe(false); // all clients' cap
    expect(b.tryGrow(4)).toBe(true);
    expect(budget.heldBytes()).toBe(10);
  });
});

describe('large bodies in reused buffers, through the relay', () => {
  const setup = useLargeUploadSetup();

  const imageFilledWith = (fill: number, megabytes: number) => cutOutFilledWith(setup.images, fill, megabytes);

  it('sends each of several bodies, one after the other and then at once, to PICPIK byte for byte', async () => {
    // Same size step, so the later bodies land where the earlier ones were; the second is shorter.
    const sequential = [imageFilledWith(1, 3), imageFilledWith(2, 2.9), imageFilledWith(3, 3)];
    const together = [imageFilledWith(4, 3), imageFilledWith(5, 3), imageFilledWith(6, 2.95)];
    setup.relayed.records.length = 0;
    for (const image of sequential) {
      const answer = await postAsync(setup.relayed.relay, { ...validGenerateBody(setup.images), ImageList: [image] });
      expect(answer.json['RetCode']).toBe(0);
    }
    const answers = await Promise.all(together.map((image) => postAsync(setup.relayed.relay, { ...validGenerateBody(setup.images), ImageList: [image] })));
    expect(answers.map((answer) => answer.json['RetCode'])).toEqual([0, 0, 0]);
    const sent = setup.relayed.records.map((record) => (upstreamJsonOf(record)['ImageList'] as string[])[0]);
    expect(sent.slice(0, 3)).toEqual(sequential);
    expect([...sent.slice(3)].sort()).toEqual([...together].sort());
  });
});

describe('a body buffer still being sent upstream', () => {
  it('is not given to the next body: a request held up on its way to PICPIK still sends its own bytes', async () => {
    const images = await makeTestImagesAsync();
    const emulator = await startLargeBodyEmulatorAsync();
    const upstream = createNodeUpstreamFetch();
    let streamed = 0;
    const sentImages: string[] = [];
    let firstHeld = false;
    // The first streamed request takes all its pieces (views of its body's buffer) but writes them
    // upstream only once the second upload has started streaming into the relay.
    const post: UpstreamPost = (url, body, headers, signal) => {
      if (Array.isArray(body)) return upstream.post(url, body, headers, signal);
      const order = (streamed += 1);
      async function* heldBack(): AsyncGenerator<Uint8Array> {
        const views: Uint8Array[] = [];
        for await (const piece of body as AsyncIterable<Uint8Array>) {
          if (order !== 1) yield piece;
          views.push(piece);
        }
        if (order === 1) {
          firstHeld = true;
          await untilAsync('the second upload', () => streamed >= 2, 10_000);
          for (const view of views) yield view;
        }
        sentImages[order - 1] = (JSON.parse(Buffer.concat(views).toString('utf8')) as { ImageList: string[] }).ImageList[0] as string;
      }
      return upstream.post(url, heldBack(), headers, signal);
    };
    const relay = await startRelayAsync(makeRelayConfig(relayEnvFor(emulator.url, { RELAY_BODY_LIMIT_BYTES: String(32 * MB) })), { post, log: () => undefined });
    try {
      const fill = (value: number) => cutOutFilledWith(images, value, 3);
      const first = postAsync(relay, { ...validGenerateBody(images), ImageList: [fill(0x11)] });
      await untilAsync('the first upload to be read and held', () => firstHeld, 10_000);
      const second = await postAsync(relay, { ...validGenerateBody(images), ImageList: [fill(0x22)] });
      expect(second.json['RetCode']).toBe(0);
      expect((await first).json['RetCode']).toBe(0); // PICPIK checked its Signature over the bytes it got
      expect(sentImages).toEqual([fill(0x11), fill(0x22)]);
    } finally {
      await relay.close();
      upstream.close();
      await emulator.closeAsync();
    }
  });
});

describe('a body PICPIK has whole', () => {
  it('goes back to the pool while PICPIK works on it, and the next body in that buffer reaches PICPIK as sent', async () => {
    const images = await makeTestImagesAsync();
    const emulator = await startLargeBodyEmulatorAsync();
    const upstream = createNodeUpstreamFetch();
    const pool = createBodyBufferPool(32 * MB);
    let handedOver = 0;
    let answerFirst: () => void = () => undefined;
    const firstAnswerHeld = new Promise<void>((resolve) => {
      answerFirst = resolve;
    });
    const sentBodies: Uint8Array[][] = [];
    // Each streamed body is copied as it goes; the first one's answer is held back, as if PICPIK
    // were still working on it, until the second upload has been answered.
    const post: UpstreamPost = (url, body, headers, signal, onHandedOver) => {
      if (Array.isArray(body)) return upstream.post(url, body, headers, signal, onHandedOver);
      const pieces: Uint8Array[] = [];
      const order = sentBodies.push(pieces);
      async function* copied(): AsyncGenerator<Uint8Array> {
        for await (const piece of body as AsyncIterable<Uint8Array>) {
          pieces.push(piece.slice());
          yield piece;
        }
      }
      const answer = upstream.post(url, copied(), headers, signal, () => {
        handedOver += 1;
        onHandedOver?.();
      });
      return order === 1 ? answer.then(async (answered) => (await firstAnswerHeld, answered)) : answer;
    };
    const relay = await startRelayAsync(makeRelayConfig(relayEnvFor(emulator.url, { RELAY_BODY_LIMIT_BYTES: String(32 * MB) })), { post, bodyBuffers: pool, log: () => undefined });
    try {
      const fill = (value: number) => cutOutFilledWith(images, value, 3);
      let firstDone = false;
      const first = postAsync(relay, { ...validGenerateBody(images), ImageList: [fill(0x11)] }).finally(() => {
        firstDone = true;
      });
      await untilAsync('the first body to be handed over', () => handedOver === 1, 10_000);
      const oneBuffer = pool.idleBytes();
      expect(oneBuffer).toBeGreaterThanOrEqual(4 * MB); // the first body's buffer, idle while its request waits
      const second = await postAsync(relay, { ...validGenerateBody(images), ImageList: [fill(0x22)] });
      expect(second.json['RetCode']).toBe(0);
      expect(firstDone).toBe(false);
      // The second body took the first one's buffer rather than a new one.
      expect(pool.idleBytes()).toBe(oneBuffer);
      answerFirst();
      expect((await first).json['RetCode']).toBe(0);
      expect(pool.idleBytes()).toBe(oneBuffer);
      const imagesSent = sentBodies.map((pieces) => (JSON.parse(Buffer.concat(pieces).toString('utf8')) as { ImageList: string[] }).ImageList[0]);
      expect(imagesSent).toEqual([fill(0x11), fill(0x22)]);
    } finally {
      answerFirst();
      await relay.close();
      upstream.close();
      await emulator.closeAsync();
    }
  });
});

describe('a streamed body handed over whose request then fails before PICPIK had it', () => {
  it('is sent once more from the image text, not from the buffer it let go', async () => {
    const images = await makeTestImagesAsync();
    const emulator = await startLargeBodyEmulatorAsync();
    const upstream = createNodeUpstreamFetch();
    const pool = createBodyBufferPool(32 * MB);
    const whole: { pieces: Uint8Array[]; idleWhenSent: number }[] = [];
    // The streamed attempt takes every byte, reports them handed over, then fails as a write the
    // system refused would (unsent): the relay's one resend must not read the released buffer.
    const post: UpstreamPost = async (url, body, headers, signal, onHandedOver) => {
      if (Array.isArray(body)) {
        const idleWhenSent = pool.idleBytes();
        // Another body lands in the released buffer before this resend goes out.
        if (idleWhenSent > 0) pool.acquire(idleWhenSent).bytes.fill(0x7a);
        const pieces = (body as readonly Uint8Array[]).map((piece) => piece.slice());
        whole.push({ pieces, idleWhenSent });
        return upstream.post(url, pieces, headers, signal, onHandedOver);
      }
      for await (const piece of body as AsyncIterable<Uint8Array>) void piece;
      onHandedOver?.();
      throw markUnsent(new TypeError('fetch failed', { cause: new Error('write EPIPE') }));
    };
    const relay = await startRelayAsync(makeRelayConfig(relayEnvFor(emulator.url, { RELAY_BODY_LIMIT_BYTES: String(32 * MB) })), { post, bodyBuffers: pool, log: () => undefined });
    try {
      const image = cutOutFilledWith(images, 0x33, 3);
      const answer = await postAsync(relay, { ...validGenerateBody(images), ImageList: [image] });
      expect(answer.json['RetCode']).toBe(0);
      expect(whole).toHaveLength(1);
      expect(whole[0]?.idleWhenSent).toBeGreaterThanOrEqual(4 * MB);
      const sent = JSON.parse(Buffer.concat(whole[0]?.pieces ?? []).toString('utf8')) as { ImageList: string[] };
      expect(sent.ImageList[0]).toBe(image);
    } finally {
      await relay.close();
      upstream.close();
      await emulator.closeAsync();
    }
  });
});
