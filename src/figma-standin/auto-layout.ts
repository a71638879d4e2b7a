// Auto-layout: how a HORIZONTAL or VERTICAL frame places its flow children (padding, spacing,
// alignment, hug sizing), and the journaled layout settings that reflow it when changed.

import { type Box, boundsOfTransformedRect, cloneAffine } from './affine.js';
import type { FrameLikeNodeImpl } from './frame-node.js';
import { shiftNode } from './group-node.js';
import { isFrameLike, isGroup, isSceneNode } from './node-kinds.js';
import type { SceneNodeImpl } from './scene-node.js';

export type LayoutMode = 'NONE' | 'HORIZONTAL' | 'VERTICAL' | 'GRID';

/**
 * Reflows in-flow children along the primary axis; absolute children keep their x and y. GRID
 * children are in the flow (their x/y writes are ignored) but the stand-in does not compute grid
 * tracks: they stay where they were when the frame became a grid.
 */
export function reflowAutoLayout(frame: FrameLikeNodeImpl): void {
  if (frame._layoutMode === 'NONE' || frame._layoutMode === 'GRID') return;
  const horizontal = frame._layoutMode === 'HORIZONTAL';
  const flow = (frame._kids ?? []).filter(
    (k): k is SceneNodeImpl => isSceneNode(k) && k._visible && k._layoutPositioning === 'AUTO',
  );
  // A group's place in the flow is its children's box ("Groups ... resize to fit their
  // children", Figma help: groups vs frames), so a child added to a group in the flow moves the
  // group's siblings, as in Figma.
  const linear = (k: SceneNodeImpl): Box => {
    if (isGroup(k)) return { ...k._boxInContainer(), x: 0, y: 0 };
    const m = cloneAffine(k._rt);
    m[0][2] = 0;
    m[1][2] = 0;
    return boundsOfTransformedRect(m, k._w, k._h);
  };
  const boxes = flow.map(linear);
  const mainSize = (b: Box): number => (horizontal ? b.width : b.height);
  const crossSize = (b: Box): number => (horizontal ? b.height : b.width);
  const padStart = horizontal ? frame._paddingLeft : frame._paddingTop;
  const padEnd = horizontal ? frame._paddingRight : frame._paddingBottom;
  const crossStart = horizontal ? frame._paddingTop : frame._paddingLeft;
  const crossEnd = horizontal ? frame._paddingBottom : frame._paddingRight;
  const sum = boxes.reduce((s, b) => s + mainSize(b), 0);
  let spacing = frame._itemSpacing;
  const content = sum + spacing * Math.max(0, flow.length - 1);
  let width = frame._w;
  let height = frame._h;
  if (frame._primaryAxisSizingMode === 'AUTO') {
    const size = Math.max(0.01, padStart + content + padEnd);
    if (horizontal) width = size;
    else height = size;
  }
  if (frame._counterAxisSizingMode === 'AUTO') {
    const size = Math.max(0.01, crossStart + Math.max(0, ...boxes.map(crossSize)) + crossEnd);
    if (horizontal) height = size;
    else width = size;
  }
  const mainAvailable = (horizontal ? width : height) - padStart - padEnd;
  const crossAvailable = (horizontal ? height : width) - crossStart - crossEnd;
  let cursor = padStart;
  if (frame._primaryAxisAlignItems === 'CENTER') cursor += (mainAvailable - content) / 2;
  else if (frame._primaryAxisAlignItems === 'MAX') cursor += mainAvailable - content;
  else if (frame._primaryAxisAlignItems === 'SPACE_BETWEEN' && flow.length > 1) {
    spacing = (mainAvailable - sum) / (flow.length - 1);
  }
  flow.forEach((k, i) => {
    const b = boxes[i] as Box;
    let cross = crossStart;
    if (frame._counterAxisAlignItems === 'CENTER') cross += (crossAvailable - crossSize(b)) / 2;
    else if (frame._counterAxisAlignItems === 'MAX') cross += crossAvailable - crossSize(b);
    const slotX = horizontal ? cursor : cross;
    const slotY = horizontal ? cross : cursor;
    if (isGroup(k)) {
      const now = k._boxInContainer();
      for (const child of k._kids ?? []) shiftNode(child as SceneNodeImpl, slotX - now.x, slotY - now.y);
    } else {
      k._setTranslation(slotX - b.x, slotY - b.y);
    }
    cursor += mainSize(b) + spacing;
  });
  if (width !== frame._w || height !== frame._h) {
    frame._set('_w', width);
    frame._set('_h', height);
    const p = frame._parent;
    if (isSceneNode(p)) p._geometryChanged();
    if (isFrameLike(p)) p._reflow();
  }
}

/** Auto-layout settings: plain journaled fields that reflow the frame when changed. */
export function defineLayoutFields(proto: FrameLikeNodeImpl): void {
  const fields: Record<string, keyof FrameLikeNodeImpl> = {
    itemReverseZIndex: '_itemReverseZIndex',
    itemSpacing: '_itemSpacing',
    paddingLeft: '_paddingLeft',
    paddingRight: '_paddingRight',
    paddingTop: '_paddingTop',
    paddingBottom: '_paddingBottom',
    primaryAxisSizingMode: '_primaryAxisSizingMode',
    counterAxisSizingMode: '_counterAxisSizingMode',
    primaryAxisAlignItems: '_primaryAxisAlignItems',
    counterAxisAlignItems: '_counterAxisAlignItems',
  };
  for (const [name, field] of Object.entries(fields)) {
    Object.defineProperty(proto, name, {
      get(this: FrameLikeNodeImpl) {
        this._live();
        return this[field];
      },
      set(this: FrameLikeNodeImpl, v: never) {
        this._live();
        this._set(field, v);
        this._reflow();
      },
    });
  }
}
