// Rectangles and ellipses: layers with paints, whose render box is their painted box.

import type { Box } from './affine.js';
import type { BaseNodeImpl, SceneContext } from './base-node.js';
import { LayerNodeImpl } from './layer-node.js';
import { type PaintLike, type StrokeAlign, copyPaintFields, definePaintMembers, frozenCopy, paintedBox } from './paint-checks.js';
import type { SceneNodeImpl } from './scene-node.js';

export class ShapeNodeImpl extends LayerNodeImpl {
  _fills: readonly PaintLike[] = frozenCopy([
    { type: 'SOLID', visible: true, opacity: 1, blendMode: 'NORMAL', color: { r: 0.85, g: 0.85, b: 0.85 } },
  ]);
  _strokes: readonly PaintLike[] = Object.freeze([]);
  _strokeWeight = 1;
  _strokeAlign: StrokeAlign = 'INSIDE';
  _cornerRadius = 0;
  constructor(
    ctx: SceneContext,
    id: string,
    name: string,
    readonly type: 'RECTANGLE' | 'ELLIPSE',
  ) {
    super(ctx, id, name);
  }
  override _renderBox(): Box | null {
    return paintedBox(this);
  }
  _cloneWith(idFor: (source: BaseNodeImpl) => string): SceneNodeImpl {
    const copy = new ShapeNodeImpl(this._ctx, idFor(this), this._name, this.type);
    this._copyBaseInto(copy, idFor);
    copyPaintFields(this, copy);
    return copy;
  }
}
definePaintMembers(ShapeNodeImpl.prototype);
