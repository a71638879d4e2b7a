// Shared set-up of the browser tests: the whole stack on ephemeral ports, Debian's chromium
// driven by playwright-core, the playground page and its test hooks, the emulator's admin API.
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startStackAsync, type RunningStack, type StackOptions } from '../../src/playground/start.js';
import type { SceneSnapshot, SnapshotNode } from '../../src/playground/page/scene-snapshot.js';
import { OPEN_JOB_STATES } from '../../src/protocol/job-lifecycle.js';

const SCREENSHOT_DIR = path.resolve('test-results', 'e2e');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  // Containers often give /dev/shm only 64 MB, which large screenshots can exhaust.
  '--disable-dev-shm-usage',
];

/**
 * Tasks queue briefly, then run until the test finishes them through the emulator's admin API,
 * so a test decides exactly when results exist (and can act while a job runs).
 */
const TEST_EMULATOR_ENV = { EMULATOR_QUEUE_MS: '200', EMULATOR_RUN_MS: '600000' };

async function startTestStackAsync(options: StackOptions = {}): Promise<RunningStack> {
  return startStackAsync({
    ports: 0,
    relayLog: () => {},
    ...options,
    emulatorEnv: { ...TEST_EMULATOR_ENV, ...options.emulatorEnv },
    // Each stack's relay gets a store of its own, not the one beside the repository.
    relayEnv: { RELAY_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'e2e-relay-store-')), ...options.relayEnv },
  });
}

async function launchBrowserAsync(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export interface PlaygroundSession {
  context: BrowserContext;
  page: Page;
  plugin: FrameLocator;
  errors: string[];
}

export interface E2eSuite {
  readonly stack: RunningStack;
  readonly browser: Browser;
  /** Opens a playground session that is checked for uncaught page errors and closed after the test. */
  openAsync(options?: OpenOptions): Promise<PlaygroundSession>;
}

/**
 * Registers a test file's hooks: one stack and one browser for the file (closed after it), and
 * after each test the sessions it opened through `openAsync` checked and closed, then `afterEachAsync`.
 */
export function setUpE2eSuite(options: { afterEachAsync?: (stack: RunningStack) => Promise<unknown> } = {}): E2eSuite {
  let stack: RunningStack | undefined;
  let browser: Browser | undefined;
  const sessions: PlaygroundSession[] = [];
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is not started yet (use it inside tests and hooks)`);
    return value;
  };
  beforeAll(async () => {
    stack = await startTestStackAsync();
    browser = await launchBrowserAsync();
  });
  afterEach(async () => {
    for (const session of sessions.splice(0)) {
      expect(session.errors, 'uncaught errors in the page').toEqual([]);
      await session.context.close();
    }
    if (stack && options.afterEachAsync) await options.afterEachAsync(stack);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  return {
    get stack() {
      return started(stack, 'stack');
    },
    get browser() {
      return started(browser, 'browser');
    },
    async openAsync(openOptions = {}) {
      const session = await openPlaygroundAsync(started(browser, 'browser'), started(stack, 'stack').playgroundUrl, openOptions);
      sessions.push(session);
      return session;
    },
  };
}

export interface OpenOptions {
  waitForPluginUi?: boolean;
  /** Figma's theme the plugin UI gets (the playground's ?theme=). */
  theme?: 'light' | 'dark';
}

/** A fresh context (empty localStorage, so a first run) with the playground loaded and ready. */
export async function openPlaygroundAsync(browser: Browser, playgroundUrl: string, options: OpenOptions = {}): Promise<PlaygroundSession> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(options.theme === 'dark' ? `${playgroundUrl}?theme=dark` : playgroundUrl);
  await page.waitForFunction(() => window.__playground?.ready === true, undefined, { timeout: 30_000 });
  const plugin = page.frameLocator('#plugin-host iframe');
  if (options.waitForPluginUi !== false) await plugin.getByRole('button', { name: 'Generate', exact: true }).waitFor({ timeout: 30_000 });
  return { context, page, plugin, errors };
}

export async function snapshotAsync(page: Page): Promise<SceneSnapshot> {
  return page.evaluate(() => window.__playground.snapshot());
}

export function nodeNamed(snapshot: SceneSnapshot, name: string, parentName?: string): SnapshotNode {
  const parentIds = parentName ? new Set(snapshot.nodes.filter((n) => n.name === parentName).map((n) => n.id)) : null;
  const node = snapshot.nodes.find((n) => n.name === name && (!parentIds || (n.parentId !== null && parentIds.has(n.parentId))));
  if (!node) throw new Error(`no node named "${name}"${parentName ? ` in "${parentName}"` : ''}`);
  return node;
}

/** Frames the plugin placed (they carry plugin data), in document order. */
export function placedFrames(snapshot: SceneSnapshot): SnapshotNode[] {
  return snapshot.nodes.filter((n) => n.type === 'FRAME' && n.sharedPluginDataKeys.length > 0 && n.fills.some((f) => f.type === 'IMAGE'));
}

export async function selectByNamesAsync(page: Page, names: { name: string; parent?: string }[]): Promise<void> {
  const snapshot = await snapshotAsync(page);
  const ids = names.map((entry) => nodeNamed(snapshot, entry.name, entry.parent).id);
  await page.evaluate((nodeIds) => window.__playground.select(nodeIds), ids);
}

export async function waitForPlacedCountAsync(page: Page, count: number, timeoutMs = 60_000): Promise<SceneSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snapshot = await snapshotAsync(page);
    if (placedFrames(snapshot).length >= count) return snapshot;
    if (Date.now() > deadline) throw new Error(`expected ${count} placed frames, have ${placedFrames(snapshot).length}`);
    await page.waitForTimeout(100);
  }
}

/** Rows of the plugin's job list, with their state. */
async function jobStatesAsync(plugin: FrameLocator): Promise<string[]> {
  return plugin.locator('[data-testid^="job-"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state') ?? ''));
}

/** Switches the plugin to one of its tabs (Generate, Jobs, Settings). */
export async function showPluginTabAsync(plugin: FrameLocator, name: 'Generate' | 'Jobs' | 'Settings'): Promise<void> {
  // "Jobs (2)" while jobs run.
  const tab = plugin.getByRole('tab', { name: new RegExp(`^${name}( \\(\\d+\\))?$`) });
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
}

export async function waitForJobStatesAsync(
  page: Page,
  plugin: FrameLocator,
  accept: (states: string[]) => boolean,
  timeoutMs = 60_000,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await showPluginTabAsync(plugin, 'Jobs').catch(() => {});
    const states = await jobStatesAsync(plugin).catch(() => []);
    if (accept(states)) return states;
    if (Date.now() > deadline) throw new Error(`job states never matched; last: ${JSON.stringify(states)}`);
    await page.waitForTimeout(100);
  }
}

export async function saveScreenshotAsync(page: Page, name: string): Promise<Buffer> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

/** RGBA of one pixel of a PNG screenshot. */
export async function pixelAtAsync(png: Buffer, x: number, y: number): Promise<[number, number, number, number]> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const offset = (Math.round(y) * info.width + Math.round(x)) * 4;
  return [data[offset] ?? 0, data[offset + 1] ?? 0, data[offset + 2] ?? 0, data[offset + 3] ?? 0];
}

export const colourDistance = (a: readonly number[], b: readonly number[]): number =>
  Math.max(Math.abs((a[0] ?? 0) - (b[0] ?? 0)), Math.abs((a[1] ?? 0) - (b[1] ?? 0)), Math.abs((a[2] ?? 0) - (b[2] ?? 0)));

export async function emulatorAdminAsync(emulatorUrl: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${emulatorUrl}/__admin/${route}`, {
    method: body === undefined && route === 'stats' ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`emulator admin ${route}: HTTP ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

const JOBS_STORAGE_KEY = 'backdrop.jobs.v1';
const OPEN_STATES = new Set<string>(OPEN_JOB_STATES);

/** TaskUIDs of the jobs the plugin keeps open in clientStorage. */
async function openTaskUidsAsync(page: Page): Promise<string[]> {
  const stored = (await page.evaluate((key) => window.__playground.readClientStorageAsync(key), JOBS_STORAGE_KEY)) as
    | { jobs?: { state?: string; taskUid?: string }[] }
    | undefined;
  return (stored?.jobs ?? []).filter((job) => job.taskUid && OPEN_STATES.has(job.state ?? '')).map((job) => job.taskUid as string);
}

export async function waitForOpenTaskUidsAsync(page: Page, count: number, timeoutMs = 30_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const uids = await openTaskUidsAsync(page);
    if (uids.length >= count) return uids;
    if (Date.now() > deadline) throw new Error(`expected ${count} submitted tasks, have ${uids.length}`);
    await page.waitForTimeout(100);
  }
}

/** Makes the emulator finish every open task of the page now (they would otherwise run on). */
export async function finishOpenTasksAsync(page: Page, emulatorUrl: string): Promise<string[]> {
  const uids = await openTaskUidsAsync(page);
  for (const uid of uids) await emulatorAdminAsync(emulatorUrl, `tasks/${encodeURIComponent(uid)}/finish`, {});
  return uids;
}

export interface GenerateForm {
  prompt: string;
  variations: number;
}

/** Fills the Generate form and presses Generate. */
export async function generateAsync(plugin: FrameLocator, form: GenerateForm): Promise<void> {
  await showPluginTabAsync(plugin, 'Generate');
  await plugin.getByLabel('Prompt', { exact: true }).fill(form.prompt);
  await plugin.getByLabel('Variations', { exact: true }).fill(String(form.variations));
  const generate = plugin.getByRole('button', { name: 'Generate', exact: true });
  await generate.click();
}
