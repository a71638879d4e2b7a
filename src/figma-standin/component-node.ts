// A main component: its instances follow its layer tree (tree-ops.ts syncs them on change).

import { translationAffine } from './affine.js';
import type { BaseNodeImpl, SceneContext } from './base-node.js';
import { FrameLikeNodeImpl } from './frame-node.js';
import { InstanceNodeImpl } from './instance-node.js';
import type { SceneNodeImpl } from './scene-node.js';
import { insertNode } from './tree-ops.js';

export class ComponentNodeImpl extends FrameLikeNodeImpl {
  /** Instances made from this component; they follow its sublayers. */
  _instances: InstanceNodeImpl[] = [];
  constructor(ctx: SceneContext, id: string, name: string) {
    super(ctx, id, name, 'COMPONENT');
  }
  createInstance(): InstanceNodeImpl {
    this._live();
    const instanceId = this._ctx.nextId();
    const instance = new InstanceNodeImpl(this._ctx, instanceId, this._name, this);
    this._instances.push(instance);
    this._copyFrameInto(instance, (source) => `I${instanceId};${source.id}`);
    instance._rt = translationAffine(this._rt[0][2], this._rt[1][2]);
    for (const n of instance._descendants()) n._inInstance = true;
    const page = this._ctx.currentPage();
    insertNode(page, page._kids?.length ?? 0, instance);
    return instance;
  }
  override _cloneWith(idFor: (source: BaseNodeImpl) => string): SceneNodeImpl {
    const copy = new ComponentNodeImpl(this._ctx, idFor(this), this._name);
    this._copyFrameInto(copy, idFor);
    return copy;
  }
}
