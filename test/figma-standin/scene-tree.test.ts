// The stand-in's scene tree follows Figma's rules: z-order, reparenting refusals, coordinates
// relative to frames (not groups), group bounds, auto-layout flow and rotation.

import { describe, expect, it } from 'vitest';
import { createFigmaStandin } from '../../src/figma-standin/index.js';
import { createSharpCodec } from '../../src/figma-standin/codec-sharp.js';

function setup() {
  const standin = createFigmaStandin({ codec: createSharpCodec() });
  return { standin, figma: standin.figma };
}

const names = (nodes: readonly BaseNode[]) => nodes.map((n) => n.name);

describe('insertChild order', () => {
  it('places a node between children[index - 1] and children[index], bottom layer first', () => {
    const { figma } = setup();
    const frame = figma.createFrame();
    for (const name of ['A', 'B', 'C']) {
      const r = figma.createRectangle();
      r.name = name;
      frame.appendChild(r);
    }
    const d = figma.createRectangle();
    d.name = 'D';
    frame.insertChild(1, d);
    expect(names(frame.children)).toEqual(['A', 'D', 'B', 'C']);
    // Moving within the same parent: index counts positions before the move.
    frame.insertChild(frame.children.findIndex((n) => n.name === 'C'), d);
    expect(names(frame.children)).toEqual(['A', 'B', 'D', 'C']);
    frame.insertChild(0, d);
    expect(names(frame.children)).toEqual(['D', 'A', 'B', 'C']);
    expect(() => frame.insertChild(5, figma.createRectangle())).toThrow(/out of range/);
  });

  it('creates nodes on the current page as the topmost layer', () => {
    const { figma } = setup();
    const a = figma.createRectangle();
    const b = figma.createEllipse();
    expect(figma.currentPage.children).toEqual([a, b]);
    expect(a.parent).toBe(figma.currentPage);
    expect(a.id).toMatch(/^\d+:\d+$/);
  });

  it('refuses children for instances, nodes inside instances and non-components in a component set', () => {
    const { figma } = setup();
    const component = figma.createComponent();
    const inner = figma.createFrame();
    component.appendChild(inner);
    const instance = component.createInstance();
    expect(instance.type).toBe('INSTANCE');
    const sublayer = instance.children[0] as FrameNode;
    expect(sublayer.id.startsWith('I')).toBe(true);
    const rect = figma.createRectangle();
    expect(() => instance.appendChild(rect)).toThrow(/instance/);
    expect(() => instance.insertChild(0, rect)).toThrow(/instance/);
    expect(() => sublayer.appendChild(rect)).toThrow(/instance/);
    expect(() => sublayer.remove()).toThrow();
    expect(rect.parent).toBe(figma.currentPage);

    const other = figma.createComponent();
    const set = figma.combineAsVariants([component, other], figma.currentPage);
    expect(set.type).toBe('COMPONENT_SET');
    expect(() => set.appendChild(figma.createRectangle())).toThrow(/component set/i);
    const third = figma.createComponent();
    set.insertChild(0, third);
    expect(set.children[0]).toBe(third);
  });

  it('shows a layer added inside a main component (at any depth) in every instance, and drops it again on undo', () => {
    const { figma, standin } = setup();
    const component = figma.createComponent();
    const inner = figma.createFrame();
    inner.name = 'Inner';
    component.appendChild(inner);
    const one = component.createInstance();
    const two = one.clone() as InstanceNode;
    figma.commitUndo();
    const added = figma.createRectangle();
    added.name = 'Added';
    inner.appendChild(added);
    for (const instance of [one, two]) {
      const copy = instance.children[0] as FrameNode;
      expect(copy.children.map((node) => node.name)).toEqual(['Added']);
      expect(copy.children[0]!.id).toBe(`I${instance.id};${added.id}`);
    }
    standin.undo.undoLast();
    expect((one.children[0] as FrameNode).children).toEqual([]);
  });

  it('refuses to move a node into itself or its descendants', () => {
    const { figma } = setup();
    const outer = figma.createFrame();
    const inner = figma.createFrame();
    outer.appendChild(inner);
    expect(() => inner.appendChild(outer)).toThrow(/itself/);
  });
});

describe('coordinates', () => {
  it('keeps x and y relative to the nearest frame, not to groups', () => {
    const { figma } = setup();
    const frame = figma.createFrame();
    frame.x = 100;
    frame.y = 50;
    frame.resize(400, 300);
    const a = figma.createRectangle();
    const b = figma.createRectangle();
    frame.appendChild(a);
    frame.appendChild(b);
    a.x = 10;
    a.y = 20;
    a.resize(30, 40);
    b.x = 60;
    b.y = 70;
    b.resize(20, 20);
    const group = figma.group([a, b], frame);
    expect(group.parent).toBe(frame);
    expect(a.parent).toBe(group);
    expect([a.x, a.y]).toEqual([10, 20]);
    expect([group.x, group.y, group.width, group.height]).toEqual([10, 20, 70, 70]);
    expect(a.absoluteBoundingBox).toEqual({ x: 110, y: 70, width: 30, height: 40 });
    expect(a.relativeTransform).toEqual([
      [1, 0, 10],
      [0, 1, 20],
    ]);
    // Group bounds follow children; moving the group moves them.
    b.x = 200;
    expect(group.width).toBe(210);
    group.x = 0;
    expect([a.x, b.x]).toEqual([0, 190]);
    // A group left without children disappears.
    a.remove();
    b.remove();
    expect(group.removed).toBe(true);
    expect(frame.children).toEqual([]);
  });

  it('keeps x and y when reparenting, so the node moves with its new container', () => {
    const { figma } = setup();
    const frame = figma.createFrame();
    frame.x = 500;
    const r = figma.createRectangle();
    r.x = 5;
    frame.appendChild(r);
    expect(r.x).toBe(5);
    expect(r.absoluteTransform[0][2]).toBe(505);
  });

  it('rotates around the top-left corner and updates relativeTransform and the bounding box', () => {
    const { figma } = setup();
    const r = figma.createRectangle();
    r.resize(100, 50);
    r.x = 10;
    r.y = 200;
    r.rotation = 90;
    expect(r.rotation).toBe(90);
    expect(r.relativeTransform).toEqual([
      [0, 1, 10],
      [-1, 0, 200],
    ]);
    expect([r.x, r.y, r.width, r.height]).toEqual([10, 200, 100, 50]);
    expect(r.absoluteBoundingBox).toEqual({ x: 10, y: 100, width: 50, height: 100 });
    r.rotation = 45;
    const box = r.absoluteBoundingBox as Rect;
    expect(box.width).toBeCloseTo((100 + 50) / Math.SQRT2, 6);
    expect(box.x).toBeCloseTo(10, 6);
    expect(box.y).toBeCloseTo(200 - 100 / Math.SQRT2, 6);
    expect(r.absoluteRenderBounds).toEqual(r.absoluteBoundingBox);
  });
});

describe('auto-layout', () => {
  function row() {
    const { figma } = setup();
    const frame = figma.createFrame();
    frame.resize(500, 100);
    frame.layoutMode = 'HORIZONTAL';
    frame.paddingLeft = 10;
    frame.paddingTop = 5;
    frame.itemSpacing = 20;
    const kids = [30, 40, 50].map((w) => {
      const r = figma.createRectangle();
      r.resize(w, 10);
      frame.appendChild(r);
      return r;
    });
    return { figma, frame, kids };
  }

  it('flows children with padding and spacing, and an inserted child moves its siblings', () => {
    const { figma, frame, kids } = row();
    expect(kids.map((k) => k.x)).toEqual([10, 60, 120]);
    expect(kids.map((k) => k.y)).toEqual([5, 5, 5]);
    kids[0]!.x = 300; // setting x of a child in the flow is a no-op
    expect(kids[0]!.x).toBe(10);
    const bg = figma.createRectangle();
    bg.resize(100, 100);
    frame.insertChild(0, bg);
    expect(bg.x).toBe(10);
    expect(kids.map((k) => k.x)).toEqual([130, 180, 240]);
  });

  it('keeps an ABSOLUTE child where it is put and closes the gap it leaves', () => {
    const { figma, frame, kids } = row();
    const bg = figma.createRectangle();
    bg.resize(100, 100);
    frame.insertChild(0, bg);
    bg.layoutPositioning = 'ABSOLUTE';
    bg.x = 0;
    bg.y = 0;
    expect([bg.x, bg.y]).toEqual([0, 0]);
    expect(kids.map((k) => k.x)).toEqual([10, 60, 120]);
    expect(frame.children[0]).toBe(bg);
    const loose = figma.createRectangle();
    expect(() => {
      loose.layoutPositioning = 'ABSOLUTE';
    }).toThrow(/layoutMode/);
  });

  it('flows a group by its children box, and re-flows the siblings when the group grows', () => {
    const { figma, frame, kids } = row();
    const inGroup = figma.createRectangle();
    inGroup.resize(60, 10);
    frame.insertChild(1, inGroup);
    const group = figma.group([inGroup], frame, 1);
    // A, group (60 wide), B, C: the group takes its children's width in the flow.
    expect([group.x, group.width]).toEqual([60, 60]);
    expect([inGroup.x, inGroup.y]).toEqual([60, 5]);
    expect(kids.map((k) => k.x)).toEqual([10, 140, 200]);
    // Groups resize to fit their children: a wider child pushes B and C right.
    const wide = figma.createRectangle();
    wide.resize(160, 10);
    group.insertChild(0, wide);
    expect(group.width).toBe(160);
    expect(kids.map((k) => k.x)).toEqual([10, 240, 300]);
  });

  it('stores itemReverseZIndex and hugs content when the primary axis is AUTO', () => {
    const { frame } = row();
    expect(frame.itemReverseZIndex).toBe(false);
    frame.itemReverseZIndex = true;
    expect(frame.itemReverseZIndex).toBe(true);
    frame.primaryAxisSizingMode = 'AUTO';
    expect(frame.width).toBe(10 + 30 + 20 + 40 + 20 + 50);
  });
});

describe('vertical auto-layout', () => {
  it('stacks children top to bottom and centres them on the counter axis', () => {
    const { figma } = setup();
    const column = figma.createFrame();
    column.resize(100, 400);
    column.layoutMode = 'VERTICAL';
    column.counterAxisAlignItems = 'CENTER';
    column.itemSpacing = 10;
    const a = figma.createRectangle();
    const b = figma.createRectangle();
    a.resize(40, 30);
    b.resize(60, 20);
    column.appendChild(a);
    column.appendChild(b);
    expect([a.x, a.y, b.x, b.y]).toEqual([30, 0, 20, 40]);
    b.visible = false;
    const c = figma.createRectangle();
    c.resize(20, 20);
    column.appendChild(c);
    expect(c.y).toBe(40);
  });
});

describe('clone', () => {
  it('parents the duplicate under the current page with the same x and y', () => {
    const { figma } = setup();
    const frame = figma.createFrame();
    const r = figma.createRectangle();
    frame.appendChild(r);
    r.x = 12;
    r.setPluginData('k', 'v');
    const copy = r.clone();
    expect(copy.parent).toBe(figma.currentPage);
    expect(copy.id).not.toBe(r.id);
    expect([copy.x, copy.getPluginData('k')]).toEqual([12, 'v']);
  });
});

describe('removal and lookup', () => {
  it('marks removed nodes and their subtree, and throws on their properties', async () => {
    const { figma } = setup();
    const frame = figma.createFrame();
    const r = figma.createRectangle();
    frame.appendChild(r);
    frame.remove();
    expect(frame.removed).toBe(true);
    expect(r.removed).toBe(true);
    expect(() => r.x).toThrow(/does not exist/);
    expect(await figma.getNodeByIdAsync(r.id)).toBeNull();
  });

  it('finds nodes by type and plugin data keys', () => {
    const { figma } = setup();
    const frame = figma.createFrame();
    const a = figma.createRectangle();
    frame.appendChild(a);
    a.setPluginData('backdrop', '1');
    figma.createEllipse();
    expect(figma.currentPage.findAllWithCriteria({ types: ['RECTANGLE'] })).toEqual([a]);
    expect(figma.currentPage.findAllWithCriteria({ pluginData: { keys: ['backdrop'] } })).toEqual([a]);
    expect(figma.currentPage.findAll((n) => n.type === 'ELLIPSE')).toHaveLength(1);
    expect(frame.findOne((n) => n === a)).toBe(a);
  });

  it('has no children property on leaves, as Figma', () => {
    const { figma } = setup();
    expect('children' in figma.createRectangle()).toBe(false);
    expect('children' in figma.createFrame()).toBe(true);
    expect('fills' in figma.group([figma.createRectangle()], figma.currentPage)).toBe(false);
  });
});
