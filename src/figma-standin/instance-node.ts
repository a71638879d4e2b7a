// An instance of a main component: its sublayers are read-only copies rebuilt from the main
// component (ids `I<instance>;<source>`), and the main component is reached asynchronously.

import type { BaseNodeImpl, SceneContext } from './base-node.js';
import type { ComponentNodeImpl } from './component-node.js';
import { FrameLikeNodeImpl } from './frame-node.js';
import type { SceneNodeImpl } from './scene-node.js';

export class InstanceNodeImpl extends FrameLikeNodeImpl {
  constructor(
    ctx: SceneContext,
    id: string,
    name: string,
    readonly _main: ComponentNodeImpl,
  ) {
    super(ctx, id, name, 'INSTANCE');
  }
  /** Sublayers rebuilt from the main component's (ids `I<instance>;<source>`). */
  _syncFromMain(): void {
    const id = this.id;
    this._kids = (this._main._kids ?? []).map((k) => {
      const copy = (k as SceneNodeImpl)._cloneWith((source) => `I${id};${source.id}`);
      copy._parent = this;
      return copy;
    });
    for (const n of this._descendants()) {
      n._inInstance = true;
      n._removed = this._removed;
    }
  }
  getMainComponentAsync(): Promise<ComponentNodeImpl | null> {
    return Promise.resolve(this._main._removed ? null : this._main);
  }
  get mainComponent(): ComponentNodeImpl {
    throw new Error('in get_mainComponent: Cannot call with documentAccess: dynamic-page. Use node.getMainComponentAsync instead.');
  }
  override _cloneWith(idFor: (source: BaseNodeImpl) => string): SceneNodeImpl {
    const id = idFor(this);
    const copy = new InstanceNodeImpl(this._ctx, id, this._name, this._main);
    this._main._instances.push(copy);
    this._copyFrameInto(copy, (source) => `I${id};${source.id.replace(/^I[^;]*;/, '')}`);
    for (const n of copy._descendants()) n._inInstance = true;
    return copy;
  }
}
