// A slice: an export region on the canvas that draws nothing.

import type { BaseNodeImpl } from './base-node.js';
import { LayerNodeImpl } from './layer-node.js';
import type { SceneNodeImpl } from './scene-node.js';

export class SliceNodeImpl extends LayerNodeImpl {
  readonly type = 'SLICE' as const;
  _cloneWith(idFor: (source: BaseNodeImpl) => string): SceneNodeImpl {
    const copy = new SliceNodeImpl(this._ctx, idFor(this), this._name);
    this._copyBaseInto(copy, idFor);
    return copy;
  }
}
