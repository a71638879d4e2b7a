// A group: no box of its own, it fits its children and moves them; the stand-in does not rotate
// or scale groups.

import { type Affine, type Box, boundsOfTransformedRect, multiplyAffine, translationAffine, unionBoxes } from './affine.js';
import type { BaseNodeImpl, SceneContext } from './base-node.js';
import { installChildrenApi } from './children-api.js';
import { LayerNodeImpl } from './layer-node.js';
import { isGroup, isSceneNode } from './node-kinds.js';
import { checkAffine } from './paint-checks.js';
import type { SceneNodeImpl } from './scene-node.js';

export class GroupNodeImpl extends LayerNodeImpl {
  readonly type = 'GROUP' as const;
  constructor(ctx: SceneContext, id: string, name: string) {
    super(ctx, id, name);
    this._kids = [];
  }
  /** Union of the children's boxes, in the shared container's coordinates. */
  override _boxInContainer(): Box {
    const boxes = (this._kids ?? []).map((k) => (k as SceneNodeImpl)._boxInContainer());
    return unionBoxes(boxes) ?? { x: 0, y: 0, width: 0, height: 0 };
  }
  override _relative(): Affine {
    const b = this._boxInContainer();
    return translationAffine(b.x, b.y);
  }
  override get width(): number {
    this._live();
    return this._boxInContainer().width;
  }
  override get height(): number {
    this._live();
    return this._boxInContainer().height;
  }
  override get absoluteBoundingBox(): Box {
    this._live();
    const b = this._boxInContainer();
    return boundsOfTransformedRect(multiplyAffine(this._containerAbsolute(), translationAffine(b.x, b.y)), b.width, b.height);
  }
  override _renderBox(): Box | null {
    const kids = (this._kids ?? [])
      .filter((k): k is SceneNodeImpl => isSceneNode(k) && k._visible)
      .map((k) => k._renderBox())
      .filter((b): b is Box => b !== null);
    return unionBoxes(kids);
  }
  /** Moving a group moves its children; the group itself has no stored position. */
  override _moveTo(x: number, y: number): void {
    const b = this._boxInContainer();
    const dx = x - b.x;
    const dy = y - b.y;
    for (const k of this._kids ?? []) shiftNode(k as SceneNodeImpl, dx, dy);
    this._geometryChanged();
  }
  override set relativeTransform(m: Affine) {
    this._live();
    checkAffine(m);
    if (Math.abs(m[0][0] - 1) > 1e-9 || Math.abs(m[1][1] - 1) > 1e-9 || m[0][1] !== 0 || m[1][0] !== 0) {
      throw new Error('relativeTransform: the stand-in moves groups but does not rotate or skew them');
    }
    this._moveTo(m[0][2], m[1][2]);
  }
  override get relativeTransform(): Affine {
    return super.relativeTransform;
  }
  override set rotation(degrees: number) {
    if (degrees !== 0) throw new Error('rotation: the stand-in does not rotate groups; rotate their children');
  }
  override get rotation(): number {
    return 0;
  }
  override _resize(): void {
    throw new Error('resize: the stand-in does not scale groups; resize their children');
  }
  _cloneWith(idFor: (source: BaseNodeImpl) => string): SceneNodeImpl {
    const copy = new GroupNodeImpl(this._ctx, idFor(this), this._name);
    this._copyBaseInto(copy, idFor);
    return copy;
  }
}
installChildrenApi(GroupNodeImpl.prototype);

/** Moves a node by (dx, dy); a group moves its leaves, having no position of its own. */
export function shiftNode(n: SceneNodeImpl, dx: number, dy: number): void {
  if (isGroup(n)) {
    for (const k of n._kids ?? []) shiftNode(k as SceneNodeImpl, dx, dy);
    return;
  }
  n._setTranslation(n._rt[0][2] + dx, n._rt[1][2] + dy);
}
