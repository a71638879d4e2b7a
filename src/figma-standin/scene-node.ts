// Every node on a page canvas: visibility, lock, x/y and relativeTransform relative to the
// nearest container (never a group), bounding and render boxes, layoutPositioning, cloning.

import { type Affine, type Box, boundsOfTransformedRect, cloneAffine, identityAffine, multiplyAffine } from './affine.js';
import { BaseNodeImpl, setRelaunch } from './base-node.js';
import { CONTAINER_TYPES, isFrameLike, isSceneNode } from './node-kinds.js';
import { checkAffine, checkFinite } from './paint-checks.js';
import { insertNode } from './tree-ops.js';

/** Every node that sits on a page canvas. */
export abstract class SceneNodeImpl extends BaseNodeImpl {
  /** Transform relative to the nearest container (page, frame, section, component, instance). */
  _rt: Affine = identityAffine();
  _w = 100;
  _h = 100;
  _visible = true;
  _locked = false;
  _opacity = 1;
  _layoutPositioning: 'AUTO' | 'ABSOLUTE' = 'AUTO';
  _blendMode = 'NORMAL';
  _effects: readonly unknown[] = Object.freeze([]);

  /** The node whose coordinate space x, y and relativeTransform are in (groups are skipped). */
  _container(): BaseNodeImpl | null {
    let p = this._parent;
    while (p && !CONTAINER_TYPES.has(p.type)) p = p._parent;
    return p;
  }

  _containerAbsolute(): Affine {
    const c = this._container();
    if (!c || c.type === 'PAGE') return identityAffine();
    return (c as SceneNodeImpl)._absolute();
  }

  /** Own transform in container space; groups derive it from their children. */
  _relative(): Affine {
    return this._rt;
  }

  _absolute(): Affine {
    return multiplyAffine(this._containerAbsolute(), this._relative());
  }

  /** Axis-aligned box in container coordinates. */
  _boxInContainer(): Box {
    return boundsOfTransformedRect(this._relative(), this._w, this._h);
  }

  _inAutoLayoutFlow(): boolean {
    const p = this._parent;
    return isFrameLike(p) && p._layoutMode !== 'NONE' && this._layoutPositioning === 'AUTO';
  }

  /** Lets an auto-layout parent reflow and a group parent follow. */
  _geometryChanged(): void {
    const p = this._parent;
    if (isFrameLike(p)) p._reflow();
    else if (isSceneNode(p)) p._geometryChanged();
  }

  _setTranslation(x: number, y: number): void {
    const next = cloneAffine(this._rt);
    next[0][2] = x;
    next[1][2] = y;
    this._set('_rt', next);
  }

  get visible(): boolean {
    this._live();
    return this._visible;
  }
  // plugin-api.d.ts SceneNodeMixin.visible: "Does not affect a plugin's ability to access the
  // node"; the value is the node's own, independent of its parents.
  set visible(v: boolean) {
    this._live();
    this._set('_visible', Boolean(v));
    this._geometryChanged();
  }
  get locked(): boolean {
    this._live();
    return this._locked;
  }
  // plugin-api.d.ts SceneNodeMixin.locked: prevents canvas interactions only, "Does not affect a
  // plugin's ability to write to those properties": no setter here checks it.
  set locked(v: boolean) {
    this._live();
    this._set('_locked', Boolean(v));
  }

  get x(): number {
    this._live();
    return this._relative()[0][2];
  }
  set x(v: number) {
    this._live();
    checkFinite('x', v);
    if (this._inAutoLayoutFlow()) return;
    this._moveTo(v, this._relative()[1][2]);
  }
  get y(): number {
    this._live();
    return this._relative()[1][2];
  }
  set y(v: number) {
    this._live();
    checkFinite('y', v);
    if (this._inAutoLayoutFlow()) return;
    this._moveTo(this._relative()[0][2], v);
  }

  _moveTo(x: number, y: number): void {
    this._setTranslation(x, y);
    this._geometryChanged();
  }

  get width(): number {
    this._live();
    return this._w;
  }
  get height(): number {
    this._live();
    return this._h;
  }

  get relativeTransform(): Affine {
    this._live();
    return cloneAffine(this._relative());
  }
  // plugin-api.d.ts LayoutMixin.relativeTransform: relative to the container parent (never a
  // group), unit axes (size comes from resize), translation ignored in an auto-layout flow.
  set relativeTransform(m: Affine) {
    this._live();
    checkAffine(m);
    const next = cloneAffine(m);
    if (this._inAutoLayoutFlow()) {
      next[0][2] = this._rt[0][2];
      next[1][2] = this._rt[1][2];
    }
    this._set('_rt', next);
    this._geometryChanged();
  }
  get absoluteTransform(): Affine {
    this._live();
    return this._absolute();
  }
  get absoluteBoundingBox(): Box {
    this._live();
    return boundsOfTransformedRect(this._absolute(), this._w, this._h);
  }
  /** No strokes or effects are drawn by the stand-in, so the rendered box is the bounding box. */
  get absoluteRenderBounds(): Box | null {
    this._live();
    if (!this._isRendered()) return null;
    return this._renderBox();
  }

  _renderBox(): Box | null {
    return boundsOfTransformedRect(this._absolute(), this._w, this._h);
  }

  _isRendered(): boolean {
    for (let n: BaseNodeImpl | null = this; n && n.type !== 'PAGE'; n = n._parent) {
      if (isSceneNode(n) && !n._visible) return false;
    }
    return true;
  }

  get layoutPositioning(): 'AUTO' | 'ABSOLUTE' {
    this._live();
    return this._layoutPositioning;
  }
  set layoutPositioning(v: 'AUTO' | 'ABSOLUTE') {
    this._live();
    if (v !== 'AUTO' && v !== 'ABSOLUTE') throw new Error(`layoutPositioning: expected "AUTO" or "ABSOLUTE", got ${String(v)}`);
    const p = this._parent;
    if (v === 'ABSOLUTE' && !(isFrameLike(p) && p._layoutMode !== 'NONE')) {
      throw new Error('in set_layoutPositioning: Can only set layoutPositioning = ABSOLUTE if the parent node has layoutMode !== NONE');
    }
    this._set('_layoutPositioning', v);
    this._geometryChanged();
  }

  setRelaunchData(data: Record<string, string>): void {
    setRelaunch(this, data);
  }
  getRelaunchData(): Record<string, string> {
    this._live();
    return { ...this._relaunchData };
  }

  exportAsync(settings?: unknown): Promise<Uint8Array> {
    this._live();
    return this._ctx.exportAsync(this, settings);
  }

  /** A copy with new ids (sublayer ids when `idFor` says so); not attached anywhere. */
  abstract _cloneWith(idFor: (source: BaseNodeImpl) => string): SceneNodeImpl;

  _copyBaseInto(copy: SceneNodeImpl, idFor: (source: BaseNodeImpl) => string): void {
    copy._rt = cloneAffine(this._rt);
    copy._w = this._w;
    copy._h = this._h;
    copy._visible = this._visible;
    copy._locked = this._locked;
    copy._opacity = this._opacity;
    copy._layoutPositioning = this._layoutPositioning;
    copy._blendMode = this._blendMode;
    copy._effects = this._effects;
    for (const [id, entries] of this._pluginData) copy._pluginData.set(id, new Map(entries));
    for (const [ns, entries] of this._sharedPluginData) copy._sharedPluginData.set(ns, new Map(entries));
    copy._relaunchData = { ...this._relaunchData };
    if (this._kids) {
      copy._kids = this._kids.map((k) => {
        const c = (k as SceneNodeImpl)._cloneWith(idFor);
        c._parent = copy;
        return c;
      });
    }
  }

  clone(): SceneNodeImpl {
    this._live();
    if (this.type === 'COMPONENT_SET') throw new Error('clone: component sets are not cloned by the stand-in');
    // Figma parents duplicates under the current page, keeping x and y.
    const copy = this._cloneWith(() => this._ctx.nextId());
    const page = this._ctx.currentPage();
    insertNode(page, page._kids?.length ?? 0, copy);
    return copy;
  }
}
