// A section: a canvas region that only pages or other sections may hold (tree-ops.ts checks it);
// it has paints but no rotation or opacity.

import type { BaseNodeImpl, SceneContext } from './base-node.js';
import { installChildrenApi } from './children-api.js';
import { type PaintLike, type StrokeAlign, WHITE_FILL, checkSize, definePaintMembers } from './paint-checks.js';
import { SceneNodeImpl } from './scene-node.js';

export class SectionNodeImpl extends SceneNodeImpl {
  readonly type = 'SECTION' as const;
  _fills: readonly PaintLike[] = WHITE_FILL;
  _strokes: readonly PaintLike[] = Object.freeze([]);
  _strokeWeight = 1;
  _strokeAlign: StrokeAlign = 'INSIDE';
  _cornerRadius = 0;
  _sectionContentsHidden = false;
  constructor(ctx: SceneContext, id: string, name: string) {
    super(ctx, id, name);
    this._kids = [];
  }
  get sectionContentsHidden(): boolean {
    return this._sectionContentsHidden;
  }
  set sectionContentsHidden(v: boolean) {
    this._set('_sectionContentsHidden', Boolean(v));
  }
  resizeWithoutConstraints(width: number, height: number): void {
    this._live();
    checkSize(width, height);
    this._set('_w', width);
    this._set('_h', height);
    this._geometryChanged();
  }
  _cloneWith(idFor: (source: BaseNodeImpl) => string): SceneNodeImpl {
    const copy = new SectionNodeImpl(this._ctx, idFor(this), this._name);
    this._copyBaseInto(copy, idFor);
    copy._fills = this._fills;
    return copy;
  }
}
installChildrenApi(SectionNodeImpl.prototype);
definePaintMembers(SectionNodeImpl.prototype);
