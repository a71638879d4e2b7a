// Storage limits, plugin data, selection and page events, dynamic-page rules, undo steps and the
// UI message channel of the stand-in.

import { describe, expect, it } from 'vitest';
import { createFigmaStandin, createMemoryClientStorage } from '../../src/figma-standin/index.js';
import { createSharpCodec } from '../../src/figma-standin/codec-sharp.js';

function setup(extra: Partial<Parameters<typeof createFigmaStandin>[0]> = {}) {
  const standin = createFigmaStandin({ codec: createSharpCodec(), ...extra });
  return { standin, figma: standin.figma };
}

describe('clientStorage', () => {
  it('keeps plain data and Uint8Array across a simulated restart', async () => {
    const storage = createMemoryClientStorage();
    const first = setup({ clientStorage: storage }).figma;
    await first.clientStorage.setAsync('jobs:v1', { list: [{ id: 'a', at: 1 }], bytes: new Uint8Array([1, 2, 3]) });
    const second = setup({ clientStorage: storage }).figma;
    const back = (await second.clientStorage.getAsync('jobs:v1')) as { list: unknown[]; bytes: Uint8Array };
    expect(back.list).toEqual([{ id: 'a', at: 1 }]);
    expect([...back.bytes]).toEqual([1, 2, 3]);
    expect(await second.clientStorage.keysAsync()).toEqual(['jobs:v1']);
    await second.clientStorage.deleteAsync('jobs:v1');
    expect(await second.clientStorage.getAsync('jobs:v1')).toBeUndefined();
  });

  it('rejects writes past 5 MB in total and values that do not survive cloning', async () => {
    const { figma } = setup();
    const mb = new Uint8Array(1024 * 1024);
    for (let i = 0; i < 4; i += 1) await figma.clientStorage.setAsync(`chunk${i}`, mb);
    await expect(figma.clientStorage.setAsync('chunk4', mb)).rejects.toThrow(/quota/);
    // Overwriting an entry counts only its new size.
    await figma.clientStorage.setAsync('chunk3', new Uint8Array(10));
    await figma.clientStorage.setAsync('chunk4', mb);
    await expect(figma.clientStorage.setAsync('f', { run: () => 1 })).rejects.toThrow(/run: functions/);
    await expect(figma.clientStorage.setAsync('b', new ArrayBuffer(2))).rejects.toThrow(/Uint8Array/);
  });
});

describe('plugin data', () => {
  it('stores strings per node, deletes on empty string and refuses entries over 100 kB', () => {
    const { figma } = setup();
    const r = figma.createRectangle();
    expect(r.getPluginData('missing')).toBe('');
    r.setPluginData('job', 'x'.repeat(99_000));
    expect(r.getPluginDataKeys()).toEqual(['job']);
    expect(() => r.setPluginData('job', 'x'.repeat(100_001))).toThrow(/100 kB/);
    expect(r.getPluginData('job')).toHaveLength(99_000);
    r.setPluginData('job', '');
    expect(r.getPluginDataKeys()).toEqual([]);
    figma.root.setSharedPluginData('backdrop', 'relayUrl', 'https://relay.example');
    expect(figma.root.getSharedPluginData('backdrop', 'relayUrl')).toBe('https://relay.example');
    expect(() => figma.root.setSharedPluginData('b', 'k', 'v')).toThrow(/namespace/);
    r.setRelaunchData({ regenerate: 'Make new backgrounds' });
    expect(r.getRelaunchData()).toEqual({ regenerate: 'Make new backgrounds' });
  });

  it('counts pluginId (or namespace) + key + value in UTF-8 bytes against the 100 kB', () => {
    const { figma } = setup();
    const r = figma.createRectangle();
    // 'backdrop-standin' (16) + 'k' (1) + value: 99 983 ASCII bytes fit, one more does not.
    r.setPluginData('k', 'x'.repeat(99_983));
    expect(() => r.setPluginData('k', 'x'.repeat(99_984))).toThrow(/100 kB/);
    // 33 000 Chinese characters are 99 000 bytes: too many with the ID and key, though only 33 000 UTF-16 units.
    expect(() => r.setPluginData('k', '海'.repeat(33_328))).toThrow(/100 kB/);
    r.setPluginData('k', '海'.repeat(33_327));
    // 'backdrop' (8) + 'k' (1) + value.
    r.setSharedPluginData('backdrop', 'k', 'x'.repeat(99_991));
    expect(() => r.setSharedPluginData('backdrop', 'k', 'x'.repeat(99_992))).toThrow(/100 kB/);
  });

  it('keeps private plugin data per plugin ID, shared plugin data for every ID', () => {
    const { figma, standin } = setup();
    const r = figma.createRectangle();
    r.setPluginData('job', 'j1');
    r.setSharedPluginData('backdrop', 'job', 'j1');
    standin.setPluginId('1234567890123456789');
    expect(figma.pluginId).toBe('1234567890123456789');
    expect(r.getPluginData('job')).toBe('');
    expect(r.getPluginDataKeys()).toEqual([]);
    expect(figma.currentPage.findAllWithCriteria({ pluginData: { keys: ['job'] } })).toEqual([]);
    expect(r.getSharedPluginData('backdrop', 'job')).toBe('j1');
    expect(figma.currentPage.findAllWithCriteria({ sharedPluginData: { namespace: 'backdrop', keys: ['job'] } })).toEqual([r]);
  });
});

describe('selection and pages', () => {
  it('fires selectionchange asynchronously, once per batch of changes', async () => {
    const { standin, figma } = setup();
    let fired = 0;
    figma.on('selectionchange', () => (fired += 1));
    const a = figma.createRectangle();
    const b = figma.createRectangle();
    figma.currentPage.selection = [a];
    standin.selectAsUser([a, b]);
    expect(fired).toBe(0);
    await standin.flushAsync();
    expect(fired).toBe(1);
    expect(figma.currentPage.selection).toEqual([a, b]);
    b.remove();
    await standin.flushAsync();
    expect(fired).toBe(2);
    expect(figma.currentPage.selection).toEqual([a]);
    // A selected layer moved to another page leaves the selection.
    const other = figma.createPage();
    other.appendChild(a);
    await standin.flushAsync();
    expect(fired).toBe(3);
    expect(figma.currentPage.selection).toEqual([]);
  });

  it('keeps other pages unloaded until loadAsync or setCurrentPageAsync', async () => {
    const { standin, figma } = setup({ pageNames: ['Page 1', 'Page 2'] });
    const second = figma.root.children[1] as PageNode;
    expect(() => second.children).toThrow(/loadAsync/);
    expect(() => figma.getNodeById('0:1')).toThrow(/getNodeByIdAsync/);
    expect(() => {
      figma.currentPage = second;
    }).toThrow(/setCurrentPageAsync/);
    expect(() => figma.root.findAll()).toThrow(/loadAllPagesAsync/);
    await second.loadAsync();
    expect(second.children).toEqual([]);
    expect(figma.root.findAll().map((n) => n.type)).toEqual(['PAGE', 'PAGE']);
    const third = standin.createPage('Page 3');
    let pageChanges = 0;
    figma.on('currentpagechange', () => (pageChanges += 1));
    await figma.setCurrentPageAsync(third);
    await standin.flushAsync();
    expect(figma.currentPage).toBe(third);
    expect(pageChanges).toBe(1);
    const onThird = figma.createFrame();
    expect(onThird.parent).toBe(third);
    expect(await figma.getNodeByIdAsync(onThird.id)).toBe(onThird);
  });
});

describe('undo', () => {
  it('removes what was made since the previous commitUndo, restoring the tree', () => {
    const { standin, figma } = setup();
    const frame = figma.createFrame();
    const subject = figma.createRectangle();
    frame.appendChild(subject);
    figma.commitUndo();
    const bg = figma.createFrame();
    frame.insertChild(0, bg);
    bg.name = 'Backdrop 1/4';
    bg.setPluginData('job', 'j1');
    subject.visible = false;
    figma.commitUndo();
    expect(standin.undo.commits).toBe(2);
    standin.undo.undoLast();
    expect(bg.removed).toBe(true);
    expect(frame.children).toEqual([subject]);
    expect(subject.visible).toBe(true);
    standin.undo.undoLast();
    expect(frame.removed).toBe(true);
    expect(figma.currentPage.children).toEqual([]);
  });
});

describe('UI channel and notifications', () => {
  it('delivers messages both ways as copies, queueing main messages until the UI listens', async () => {
    let shownWith: string | null = null;
    const { standin, figma } = setup({ onShowUI: (html) => (shownWith = html) });
    figma.showUI('<p>ui</p>', { width: 320, height: 480, themeColors: true });
    expect(shownWith).toBe('<p>ui</p>');
    const toUi: unknown[] = [];
    figma.ui.postMessage({ kind: 'event', png: new Uint8Array([9]) });
    standin.ui.onMainPost((m) => toUi.push(m));
    const toMain: unknown[] = [];
    figma.ui.onmessage = (m) => toMain.push(m);
    const sent = { kind: 'request', id: '1' };
    standin.ui.postFromUi(sent);
    await standin.flushAsync();
    expect(toUi).toEqual([{ kind: 'event', png: new Uint8Array([9]) }]);
    expect(toMain).toEqual([sent]);
    expect(toMain[0]).not.toBe(sent);
    expect(() => figma.ui.postMessage({ buf: new Float32Array(2) })).toThrow(/Float32Array/);
    figma.ui.resize(400, 500);
    expect(standin.ui.size).toEqual({ width: 400, height: 500 });
    figma.notify('Background placed');
    expect(standin.notifications).toEqual(['Background placed']);
  });

  it('runs close handlers once on close', () => {
    const { standin, figma } = setup();
    let closes = 0;
    figma.on('close', () => (closes += 1));
    standin.close();
    figma.closePlugin();
    expect(closes).toBe(1);
    expect(standin.closed).toBe(true);
  });

  it('encodes base64 both ways', () => {
    const { figma } = setup();
    expect(figma.base64Encode(new Uint8Array([104, 105]))).toBe('aGk=');
    expect([...figma.base64Decode('aGk=')]).toEqual([104, 105]);
  });
});
