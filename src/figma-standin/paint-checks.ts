// Paints on frames and shapes: their types, Figma's checks on fills and strokes, the members that
// carry them, the box they paint, and the finite-number and transform checks the geometry setters
// share.

import { type Affine, type Box, boundsOfTransformedRect, multiplyAffine, translationAffine, unionBoxes } from './affine.js';
import type { BaseNodeImpl } from './base-node.js';
import type { SceneNodeImpl } from './scene-node.js';

export type PaintLike = Readonly<Record<string, unknown>> & { readonly type: string };

export type StrokeAlign = 'INSIDE' | 'CENTER' | 'OUTSIDE';

export interface DropShadowLike {
  type: 'DROP_SHADOW' | 'INNER_SHADOW';
  color: { r: number; g: number; b: number; a: number };
  offset: { x: number; y: number };
  radius: number;
  spread?: number;
  visible?: boolean;
}

/** How far drawn strokes reach outside the shape's edge, in canvas units. */
export function strokeOutset(node: { _strokes: readonly PaintLike[]; _strokeWeight: number; _strokeAlign: StrokeAlign }): number {
  if (node._strokeWeight <= 0 || !node._strokes.some((p) => p.visible !== false)) return 0;
  return node._strokeAlign === 'OUTSIDE' ? node._strokeWeight : node._strokeAlign === 'CENTER' ? node._strokeWeight / 2 : 0;
}

/** The visible drop shadows of a node. */
export function dropShadowsOf(node: { _effects: readonly unknown[] }): DropShadowLike[] {
  return (node._effects as DropShadowLike[]).filter((e) => e.type === 'DROP_SHADOW' && e.visible !== false);
}

/**
 * The node's own painted box in page coordinates: its rect grown by outside strokes, plus drop
 * shadows (offset in the node's space, grown by spread and blur radius).
 */
export function paintedBox(node: SceneNodeImpl & { _strokes: readonly PaintLike[]; _strokeWeight: number; _strokeAlign: StrokeAlign }): Box {
  const abs = node._absolute();
  const grownBox = (grow: number, dx: number, dy: number): Box =>
    boundsOfTransformedRect(multiplyAffine(abs, translationAffine(dx - grow, dy - grow)), node._w + 2 * grow, node._h + 2 * grow);
  const boxes = [grownBox(strokeOutset(node), 0, 0)];
  for (const shadow of dropShadowsOf(node)) boxes.push(grownBox((shadow.spread ?? 0) + shadow.radius, shadow.offset.x, shadow.offset.y));
  return unionBoxes(boxes) as Box;
}

export interface PaintFields {
  _fills: readonly PaintLike[];
  _strokes: readonly PaintLike[];
  _strokeWeight: number;
  _strokeAlign: StrokeAlign;
  _cornerRadius: number;
}

/** Frames and shapes share their paint fields; clones take them over as they are (they are frozen). */
export function copyPaintFields(source: PaintFields, copy: PaintFields): void {
  copy._fills = source._fills;
  copy._strokes = source._strokes;
  copy._strokeWeight = source._strokeWeight;
  copy._strokeAlign = source._strokeAlign;
  copy._cornerRadius = source._cornerRadius;
}

export function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.freeze(value.map((v) => frozenCopy(v as unknown))) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = frozenCopy(v);
  return Object.freeze(out) as T;
}

export function checkFinite(field: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${field}: expected a finite number, got ${String(v)}`);
}

export function checkSize(width: number, height: number): void {
  checkFinite('width', width);
  checkFinite('height', height);
  if (width < 0.01) throw new Error('in resize: Expected "width" to have value >= 0.01');
  if (height < 0.01) throw new Error('in resize: Expected "height" to have value >= 0.01');
}

export function checkAffine(m: Affine): void {
  const ok =
    Array.isArray(m) &&
    m.length === 2 &&
    m.every((row) => Array.isArray(row) && row.length === 3 && row.every((v) => typeof v === 'number' && Number.isFinite(v)));
  if (!ok) throw new Error('relativeTransform: expected [[m00, m01, m02], [m10, m11, m12]] of finite numbers');
}

/** Fills validated like Figma: SOLID needs a colour, IMAGE needs a hash the document knows. */
function checkFills(node: BaseNodeImpl, fills: readonly PaintLike[], field = 'fills'): readonly PaintLike[] {
  if (!Array.isArray(fills)) throw new Error(`${field}: expected an array of paints`);
  return frozenCopy(
    fills.map((p, i) => {
      if (!p || typeof p !== 'object') throw new Error(`${field}[${i}]: expected a paint object`);
      if (p.type === 'SOLID') {
        const c = p.color as { r?: unknown; g?: unknown; b?: unknown } | undefined;
        if (!c || [c.r, c.g, c.b].some((v) => typeof v !== 'number' || v < 0 || v > 1)) {
          throw new Error(`${field}[${i}].color: expected { r, g, b } with values from 0 to 1`);
        }
        return { visible: true, opacity: 1, blendMode: 'NORMAL', ...p, color: { r: c.r, g: c.g, b: c.b } };
      }
      if (p.type === 'IMAGE') {
        const hash = p.imageHash;
        if (hash !== null && (typeof hash !== 'string' || !node._ctx.images.get(hash))) {
          throw new Error(`${field}[${i}].imageHash: no image with hash ${String(hash)} in this document (use figma.createImage)`);
        }
        const mode = p.scaleMode;
        if (mode !== 'FILL' && mode !== 'FIT' && mode !== 'CROP' && mode !== 'TILE') {
          throw new Error(`${field}[${i}].scaleMode: expected FILL, FIT, CROP or TILE`);
        }
        return { visible: true, opacity: 1, blendMode: 'NORMAL', ...p };
      }
      return { visible: true, opacity: 1, ...p };
    }),
  );
}

// figma.createFrame(): "By default, the new node has a white background" (developers.figma.com,
// plugins/api/properties/figma-createframe); a container frame must clear its fills to show nothing.
export const WHITE_FILL: readonly PaintLike[] = frozenCopy([
  { type: 'SOLID', visible: true, opacity: 1, blendMode: 'NORMAL', color: { r: 1, g: 1, b: 1 } },
]);

/** Paint-carrying layers: fills, strokes (stored, not drawn) and corner radius. */
export function definePaintMembers(proto: object): void {
  Object.defineProperties(proto, {
    fills: {
      get(this: SceneNodeImpl & { _fills: readonly PaintLike[] }) {
        this._live();
        return this._fills;
      },
      set(this: SceneNodeImpl & { _fills: readonly PaintLike[] }, value: readonly PaintLike[]) {
        this._live();
        this._set('_fills', checkFills(this, value));
      },
    },
    strokes: {
      get(this: SceneNodeImpl & { _strokes: readonly PaintLike[] }) {
        return this._strokes;
      },
      set(this: SceneNodeImpl & { _strokes: readonly PaintLike[] }, value: readonly PaintLike[]) {
        this._live();
        this._set('_strokes', checkFills(this, value, 'strokes'));
      },
    },
    strokeWeight: {
      get(this: SceneNodeImpl & { _strokeWeight: number }) {
        return this._strokeWeight;
      },
      set(this: SceneNodeImpl & { _strokeWeight: number }, v: number) {
        checkFinite('strokeWeight', v);
        if (v < 0) throw new Error(`strokeWeight: expected a value >= 0, got ${v}`);
        this._set('_strokeWeight', v);
      },
    },
    strokeAlign: {
      get(this: SceneNodeImpl & { _strokeAlign: StrokeAlign }) {
        return this._strokeAlign;
      },
      set(this: SceneNodeImpl & { _strokeAlign: StrokeAlign }, v: StrokeAlign) {
        if (v !== 'INSIDE' && v !== 'CENTER' && v !== 'OUTSIDE') throw new Error('strokeAlign: expected INSIDE, CENTER or OUTSIDE');
        this._set('_strokeAlign', v);
      },
    },
    cornerRadius: {
      get(this: SceneNodeImpl & { _cornerRadius: number }) {
        return this._cornerRadius;
      },
      set(this: SceneNodeImpl & { _cornerRadius: number }, v: number) {
        checkFinite('cornerRadius', v);
        this._set('_cornerRadius', Math.max(0, v));
      },
    },
  });
}
