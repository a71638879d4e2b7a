// A page: its children are readable only once loaded (dynamic-page access), its selection drops
// deleted or moved nodes, and it has a background.

import { type Affine, identityAffine } from './affine.js';
import { BaseNodeImpl, type SceneContext, setRelaunch } from './base-node.js';
import { installChildrenApi } from './children-api.js';
import { isSceneNode } from './node-kinds.js';
import { type PaintLike, frozenCopy } from './paint-checks.js';

export class PageNodeImpl extends BaseNodeImpl {
  readonly type = 'PAGE' as const;
  _selection: BaseNodeImpl[] = [];
  _backgrounds: readonly PaintLike[] = frozenCopy([{ type: 'SOLID', color: { r: 0.96, g: 0.96, b: 0.96 }, opacity: 1, visible: true, blendMode: 'NORMAL' }]);
  constructor(ctx: SceneContext, id: string, name: string) {
    super(ctx, id, name);
    this._kids = [];
  }

  _requireLoaded(what: string): void {
    if (!this._ctx.isLoaded(this)) {
      throw new Error(
        `in ${what}: Cannot access children on a page that has not been explored. Call loadAsync() to access the page's children.`,
      );
    }
  }

  loadAsync(): Promise<void> {
    return Promise.resolve().then(() => this._ctx.markLoaded(this));
  }

  get selection(): readonly BaseNodeImpl[] {
    this._live();
    return Object.freeze(this._selection.filter((n) => !n._removed && n._page() === this));
  }
  set selection(nodes: readonly BaseNodeImpl[]) {
    this._live();
    const next: BaseNodeImpl[] = [];
    for (const n of nodes) {
      if (!isSceneNode(n)) throw new Error('selection: only scene nodes can be selected');
      if (n._removed || n._page() !== this) throw new Error(`selection: node ${n.id} is not on page "${this._name}"`);
      if (!next.includes(n)) next.push(n);
    }
    const same = next.length === this._selection.length && next.every((n, i) => this._selection[i] === n);
    this._selection = next;
    if (!same) this._ctx.selectionChanged(this);
  }

  /** Drops deleted nodes and nodes moved to another page, as the editor does. */
  _dropFromSelection(): void {
    const kept = this._selection.filter((n) => !n._removed && n._page() === this);
    if (kept.length !== this._selection.length) {
      this._selection = kept;
      this._ctx.selectionChanged(this);
    }
  }

  get backgrounds(): readonly PaintLike[] {
    return this._backgrounds;
  }
  set backgrounds(value: readonly PaintLike[]) {
    this._set('_backgrounds', frozenCopy([...value]));
  }

  get absoluteTransform(): Affine {
    return identityAffine();
  }

  setRelaunchData(data: Record<string, string>): void {
    setRelaunch(this, data);
  }
  getRelaunchData(): Record<string, string> {
    return { ...this._relaunchData };
  }

  exportAsync(settings?: unknown): Promise<Uint8Array> {
    this._live();
    return this._ctx.exportAsync(this, settings);
  }
}
installChildrenApi(PageNodeImpl.prototype);
