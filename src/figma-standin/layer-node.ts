// Rotation, opacity, blend mode, effects and resize: the members of every canvas layer except
// sections, and the layout properties the stand-in stores without acting on them.

import { rotationOfAffine, withRotation } from './affine.js';
import type { BaseNodeImpl } from './base-node.js';
import { type DropShadowLike, checkFinite, checkSize, frozenCopy } from './paint-checks.js';
import { SceneNodeImpl } from './scene-node.js';

/** Rotation, opacity and resize: everything on the canvas except sections. */
export abstract class LayerNodeImpl extends SceneNodeImpl {
  get rotation(): number {
    this._live();
    return rotationOfAffine(this._relative());
  }
  set rotation(degrees: number) {
    this._live();
    checkFinite('rotation', degrees);
    this._set('_rt', withRotation(this._rt, degrees));
    this._geometryChanged();
  }
  get opacity(): number {
    this._live();
    return this._opacity;
  }
  set opacity(v: number) {
    this._live();
    checkFinite('opacity', v);
    if (v < 0 || v > 1) throw new Error(`opacity: expected a value from 0 to 1, got ${v}`);
    this._set('_opacity', v);
  }
  get blendMode(): string {
    return this._blendMode;
  }
  set blendMode(v: string) {
    this._set('_blendMode', v);
  }
  get effects(): readonly unknown[] {
    return this._effects;
  }
  set effects(v: readonly unknown[]) {
    this._live();
    if (!Array.isArray(v)) throw new Error('effects: expected an array of effects');
    v.forEach((e, i) => {
      const effect = e as Partial<DropShadowLike> | null;
      if (!effect || typeof effect !== 'object' || typeof effect.type !== 'string') throw new Error(`effects[${i}]: expected an effect object`);
      if (effect.type === 'DROP_SHADOW' || effect.type === 'INNER_SHADOW') {
        const c = effect.color;
        if (!c || [c.r, c.g, c.b, c.a].some((x) => typeof x !== 'number')) throw new Error(`effects[${i}].color: expected { r, g, b, a }`);
        if (!effect.offset || typeof effect.offset.x !== 'number' || typeof effect.offset.y !== 'number') {
          throw new Error(`effects[${i}].offset: expected { x, y }`);
        }
        if (typeof effect.radius !== 'number' || effect.radius < 0) throw new Error(`effects[${i}].radius: expected a number >= 0`);
      }
    });
    this._set('_effects', frozenCopy([...v]));
  }
  get isMask(): boolean {
    return false;
  }

  resize(width: number, height: number): void {
    this._live();
    this._resize(width, height);
  }
  resizeWithoutConstraints(width: number, height: number): void {
    this._live();
    this._resize(width, height);
  }
  _resize(width: number, height: number): void {
    checkSize(width, height);
    this._set('_w', width);
    this._set('_h', height);
    this._geometryChanged();
  }
}

/** Properties the stand-in stores for round-tripping but does not act on. */
function defineStoredFields(proto: object, fields: Record<string, unknown>): void {
  for (const [name, initial] of Object.entries(fields)) {
    const key = `_stored_${name}`;
    Object.defineProperty(proto, name, {
      get(this: BaseNodeImpl & Record<string, unknown>) {
        this._live();
        return key in this ? this[key] : initial;
      },
      set(this: BaseNodeImpl & Record<string, unknown>, value: unknown) {
        this._live();
        const had = key in this;
        const old = this[key];
        this[key] = frozenCopy(value);
        this._ctx.record(() => {
          if (had) this[key] = old;
          else delete this[key];
        });
      },
    });
  }
}

defineStoredFields(LayerNodeImpl.prototype, {
  constraints: frozenCopy({ horizontal: 'MIN', vertical: 'MIN' }),
  layoutAlign: 'INHERIT',
  layoutGrow: 0,
  layoutSizingHorizontal: 'FIXED',
  layoutSizingVertical: 'FIXED',
  exportSettings: Object.freeze([]),
  expanded: false,
});
