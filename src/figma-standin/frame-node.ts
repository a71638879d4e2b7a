// Frames and the frame-like nodes built on them (components, component sets, instances): clip
// content, auto-layout settings, paints, and the render box that shows unclipped children.

import { type Box, unionBoxes } from './affine.js';
import { type LayoutMode, defineLayoutFields, reflowAutoLayout } from './auto-layout.js';
import type { BaseNodeImpl, SceneContext } from './base-node.js';
import { installChildrenApi } from './children-api.js';
import { LayerNodeImpl } from './layer-node.js';
import { isSceneNode } from './node-kinds.js';
import { type PaintLike, type StrokeAlign, WHITE_FILL, checkSize, copyPaintFields, definePaintMembers, paintedBox } from './paint-checks.js';
import type { SceneNodeImpl } from './scene-node.js';

export class FrameLikeNodeImpl extends LayerNodeImpl {
  _fills: readonly PaintLike[] = WHITE_FILL;
  _strokes: readonly PaintLike[] = Object.freeze([]);
  _strokeWeight = 1;
  _strokeAlign: StrokeAlign = 'INSIDE';
  _cornerRadius = 0;
  // clipsContent: "whether layers inside the frame are visible outside the bounds of the frame"
  // (plugin typings, BaseFrameMixin); a new frame clips (Figma's "Clip content" is on for frames
  // made with F), so layers outside a container frame show only after clipsContent = false.
  _clipsContent = true;
  _layoutMode: LayoutMode = 'NONE';
  _itemReverseZIndex = false;
  _itemSpacing = 0;
  _paddingLeft = 0;
  _paddingRight = 0;
  _paddingTop = 0;
  _paddingBottom = 0;
  _primaryAxisSizingMode: 'FIXED' | 'AUTO' = 'FIXED';
  _counterAxisSizingMode: 'FIXED' | 'AUTO' = 'FIXED';
  _primaryAxisAlignItems: 'MIN' | 'MAX' | 'CENTER' | 'SPACE_BETWEEN' = 'MIN';
  _counterAxisAlignItems: 'MIN' | 'MAX' | 'CENTER' | 'BASELINE' = 'MIN';

  constructor(
    ctx: SceneContext,
    id: string,
    name: string,
    readonly type: 'FRAME' | 'COMPONENT' | 'COMPONENT_SET' | 'INSTANCE',
  ) {
    super(ctx, id, name);
    this._kids = [];
    if (type === 'COMPONENT_SET') this._fills = Object.freeze([]);
  }

  get clipsContent(): boolean {
    this._live();
    return this._clipsContent;
  }
  set clipsContent(v: boolean) {
    this._live();
    this._set('_clipsContent', Boolean(v));
  }

  get layoutMode(): LayoutMode {
    this._live();
    return this._layoutMode;
  }
  set layoutMode(v: LayoutMode) {
    this._live();
    if (v !== 'NONE' && v !== 'HORIZONTAL' && v !== 'VERTICAL' && v !== 'GRID') {
      throw new Error(`layoutMode: expected NONE, HORIZONTAL, VERTICAL or GRID, got ${String(v)}`);
    }
    this._set('_layoutMode', v);
    if (v === 'NONE') for (const k of this._kids ?? []) (k as SceneNodeImpl)._set('_layoutPositioning', 'AUTO');
    this._reflow();
  }

  /**
   * itemReverseZIndex is "applicable only on HORIZONTAL or VERTICAL auto-layout frames"
   * (@figma/plugin-typings, FrameNode.itemReverseZIndex; docs: nodes-itemreversezindex): a GRID
   * frame stores it and still draws its last child on top.
   */
  _drawsFirstChildOnTop(): boolean {
    return this._itemReverseZIndex && (this._layoutMode === 'HORIZONTAL' || this._layoutMode === 'VERTICAL');
  }

  /** Places the flow children (auto-layout.ts). */
  _reflow(): void {
    reflowAutoLayout(this);
  }

  override _resize(width: number, height: number): void {
    checkSize(width, height);
    this._set('_w', width);
    this._set('_h', height);
    this._reflow();
    this._geometryChanged();
  }

  override _renderBox(): Box | null {
    const own = paintedBox(this);
    if (this._clipsContent) return own;
    const kids = (this._kids ?? [])
      .filter((k): k is SceneNodeImpl => isSceneNode(k) && k._visible)
      .map((k) => k._renderBox())
      .filter((b): b is Box => b !== null);
    return unionBoxes([own, ...kids]);
  }

  _cloneWith(idFor: (source: BaseNodeImpl) => string): SceneNodeImpl {
    const type = this.type === 'COMPONENT' || this.type === 'COMPONENT_SET' ? 'FRAME' : this.type;
    const copy = new FrameLikeNodeImpl(this._ctx, idFor(this), this._name, type);
    this._copyFrameInto(copy, idFor);
    return copy;
  }

  _copyFrameInto(copy: FrameLikeNodeImpl, idFor: (source: BaseNodeImpl) => string): void {
    this._copyBaseInto(copy, idFor);
    copyPaintFields(this, copy);
    copy._clipsContent = this._clipsContent;
    copy._layoutMode = this._layoutMode;
    copy._itemReverseZIndex = this._itemReverseZIndex;
    copy._itemSpacing = this._itemSpacing;
    copy._paddingLeft = this._paddingLeft;
    copy._paddingRight = this._paddingRight;
    copy._paddingTop = this._paddingTop;
    copy._paddingBottom = this._paddingBottom;
    copy._primaryAxisSizingMode = this._primaryAxisSizingMode;
    copy._counterAxisSizingMode = this._counterAxisSizingMode;
    copy._primaryAxisAlignItems = this._primaryAxisAlignItems;
    copy._counterAxisAlignItems = this._counterAxisAlignItems;
  }
}
installChildrenApi(FrameLikeNodeImpl.prototype);
definePaintMembers(FrameLikeNodeImpl.prototype);

defineLayoutFields(FrameLikeNodeImpl.prototype);
