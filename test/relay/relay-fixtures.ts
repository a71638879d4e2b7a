// Shared test material for the relay: a config factory, real PNG/JPEG images as base64, valid
// request bodies, and a scripted stand-in for PICPIK that records every call it receives.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { ActionParamsInput } from '../../src/contract/action-table';
import { createRelayClient, type RelayClient } from '../../ui/lib/relay-client';
import { loadEmulatorConfig } from '../../src/emulator/config';
import type { EmulatorStats } from '../../src/emulator/app';
import { startEmulatorAsync, type RunningEmulator } from '../../src/emulator/serve';
import type { RelayDeps } from '../../src/relay/app';
import { loadRelayConfig, type RelayConfig } from '../../src/relay/config';
import { startRelayAsync, type RunningRelay } from '../../src/relay/serve';
import { RelayError } from '../../src/relay/relay-error';

export const TEST_PRIVATE_KEY = 'relay-test-private-key-5f3c9a';
export const TEST_PUBLIC_KEY = 'relay-test-public';
export const ALICE_TOKEN = 'alice-token-8d1e6f0b2c';
export const BOB_TOKEN = 'bob-token-71a9c3e5d4f2';

export function makeRelayConfig(env: Record<string, string> = {}): RelayConfig {
  return loadRelayConfig({
    PICPIK_PUBLIC_KEY: TEST_PUBLIC_KEY,
    PICPIK_PRIVATE_KEY: TEST_PRIVATE_KEY,
    PICPIK_API_URL: 'https://api.picpik.test',
    RELAY_TOKENS: `alice:${ALICE_TOKEN},bob:${BOB_TOKEN}`,
    RELAY_UPSTREAM_TIMEOUT_MS: '2000',
    // Each relay a test starts gets an embedded store of its own.
    RELAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'relay-store-')),
    // Most relay tests make up TaskUIDs; ownership has its own tests (test/relay/team), which turn this off.
    RELAY_TEAM_VISIBLE_TASKS: '1',
    ...env,
  });
}

/** Relay settings for a relay on an ephemeral port in front of `emulatorUrl`, with rate limiting out of the way. */
export function relayEnvFor(emulatorUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PICPIK_API_URL: emulatorUrl, RELAY_PORT: '0', RELAY_RATE_LIMIT_PER_MIN: '100000', ...extra };
}

/** The emulator's own request counters, to see what reached upstream. */
export async function emulatorStatsAsync(emulator: { url: string }): Promise<EmulatorStats> {
  return (await (await fetch(`${emulator.url}/__admin/stats`)).json()) as EmulatorStats;
}

/** The RelayError `run` throws (any other outcome fails the test). */
export function relayErrorOf(run: () => unknown): RelayError {
  try {
    run();
  } catch (error) {
    if (error instanceof RelayError) return error;
    throw error;
  }
  throw new Error('expected a RelayError');
}

/** An emulator on an ephemeral loopback port that knows the test key pair. */
export function startTestEmulatorAsync(env: Record<string, string> = {}): Promise<RunningEmulator> {
  return startEmulatorAsync(
    loadEmulatorConfig({ EMULATOR_PORT: '0', EMULATOR_PUBLIC_KEY: TEST_PUBLIC_KEY, EMULATOR_PRIVATE_KEY: TEST_PRIVATE_KEY, ...env }),
  );
}

export interface TestImages {
  transparentPng: string;
  opaquePng: string;
  jpeg: string;
  pngBytes: Uint8Array;
}

/** Real images made with sharp: a transparent cut-out, an opaque PNG, a JPEG (as data URLs). */
export async function makeTestImagesAsync(): Promise<TestImages> {
  const pixels = Buffer.alloc(32 * 32 * 4);
  for (let i = 0; i < 32 * 32; i += 1) {
    const inside = Math.hypot((i % 32) - 16, Math.floor(i / 32) - 16) < 10;
    pixels.set([200, 40, 40, inside ? 255 : 0], i * 4);
  }
  const transparent = await sharp(pixels, { raw: { width: 32, height: 32, channels: 4 } }).png().toBuffer();
  const opaque = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#3366aa' } }).png().toBuffer();
  const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#88aa33' } }).jpeg().toBuffer();
  return {
    transparentPng: `data:image/png;base64,${transparent.toString('base64')}`,
    opaquePng: `data:image/png;base64,${opaque.toString('base64')}`,
    jpeg: `data:image/jpeg;base64,${jpeg.toString('base64')}`,
    pngBytes: new Uint8Array(transparent),
  };
}

export interface RelayOverEmulator {
  images: TestImages;
  emulator: RunningEmulator;
  relay: RunningRelay;
}

/** Test images, a test emulator and a relay in front of it, both on ephemeral loopback ports. */
export async function startRelayOverEmulatorAsync(
  options: { emulatorEnv?: Record<string, string>; relayEnv?: Record<string, string>; deps?: RelayDeps } = {},
): Promise<RelayOverEmulator> {
  const images = await makeTestImagesAsync();
  const emulator = await startTestEmulatorAsync(options.emulatorEnv);
  try {
    const relay = await startRelayAsync(makeRelayConfig(relayEnvFor(emulator.url, options.relayEnv)), options.deps);
    return { images, emulator, relay };
  } catch (error) {
    await emulator.closeAsync();
    throw error;
  }
}

export function validGenerateBody(images: TestImages): Record<string, unknown> {
  return { Action: 'GenerateBackgrounds', ...validGenerateParams(images) };
}

/** The typed call through a relay's POST /, with a designer's token, as the plugin makes it. */
export function relayCall(relay: { url: string }, token = ALICE_TOKEN): RelayClient['callAsync'] {
  return createRelayClient({ relayUrl: relay.url, token }).callAsync;
}

/** The same request as typed parameters, for callers that go through the typed call. */
export function validGenerateParams(images: TestImages): ActionParamsInput<'GenerateBackgrounds'> {
  return {
    MainModel: { ModelCode: 'picpik-general' },
    PositivePrompts: ['a sunlit kitchen counter'],
    Width: 256,
    Height: 256,
    BatchSize: 1,
    TransparentForeground: { ImageIndex: 0, ResizeMode: 'ResizeAndFill' },
    ImageList: [images.transparentPng],
  };
}

interface RecordedCall {
  url: string;
  method: string;
  body: Record<string, unknown> | undefined;
}

export type ScriptedAnswer = (call: RecordedCall, init: RequestInit | undefined) => Response | Promise<Response>;

/** A fetch that records calls and answers with `answer`; PICPIK-like JSON by default. */
export function createScriptedFetch(answer: ScriptedAnswer) {
  const calls: RecordedCall[] = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    let body: Record<string, unknown> | undefined;
    if (init?.body instanceof Uint8Array) body = JSON.parse(new TextDecoder().decode(init.body)) as Record<string, unknown>;
    const call: RecordedCall = { url, method: init?.method ?? 'GET', body };
    calls.push(call);
    return answer(call, init);
  };
  return { fetch: fetchFn as typeof fetch, calls };
}

export function jsonResponse(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function authHeaders(token = ALICE_TOKEN): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}
