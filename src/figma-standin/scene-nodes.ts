// The stand-in's scene tree: nodes with Figma's parent/children rules, coordinates relative to the
// nearest frame-like container (never groups), rotation about the top-left, auto-layout flow,
// plugin data limits and an undo journal. Only the members the typings give a type get defined.

import {
  type Affine,
  type Box,
  boundsOfTransformedRect,
  cloneAffine,
  identityAffine,
  invertAffine,
  multiplyAffine,
  rotationOfAffine,
  translationAffine,
  unionBoxes,
  withRotation,
} from './affine.js';
import type { ImageStore } from './image-store.js';
import { utf8Length } from '../contract/utf8-length.js';
import { installChildrenApi } from './children-api.js';
import { PLUGIN_DATA_ENTRY_LIMIT_BYTES, checkNamespace, writeDataEntry } from './plugin-data.js';
import {
  type DropShadowLike,
  type PaintFields,
  type PaintLike,
  type StrokeAlign,
  WHITE_FILL,
  checkAffine,
  checkFills,
  checkFinite,
  checkSize,
  copyPaintFields,
  definePaintMembers,
  dropShadowsOf,
  frozenCopy,
  strokeOutset,
  paintedBox,
} from './paint-checks.js';
import { CONTAINER_TYPES, type NodeType, isFrameLike, isGroup, isSceneNode, registerNode } from './node-kinds.js';
import { detachNode, insertNode } from './tree-ops.js';
import { keepAbsolutePosition } from './grouping.js';
export { keepAbsolutePosition };
import { SliceNodeImpl } from './slice-node.js';
export { SliceNodeImpl };
import { ShapeNodeImpl } from './shape-node.js';
export { ShapeNodeImpl };
import { SectionNodeImpl } from './section-node.js';
export { SectionNodeImpl };
import { ComponentSetNodeImpl } from './component-set-node.js';
export { ComponentSetNodeImpl };
import { ComponentNodeImpl } from './component-node.js';
export { ComponentNodeImpl };
import { InstanceNodeImpl } from './instance-node.js';
export { InstanceNodeImpl };
import { FrameLikeNodeImpl } from './frame-node.js';
export { FrameLikeNodeImpl };
import { GroupNodeImpl, shiftNode } from './group-node.js';
export { GroupNodeImpl };
import { LayerNodeImpl } from './layer-node.js';
export { LayerNodeImpl };
import { SceneNodeImpl } from './scene-node.js';
export { SceneNodeImpl };
import { DocumentNodeImpl } from './document-node.js';
export { DocumentNodeImpl };
import { PageNodeImpl } from './page-node.js';
export { PageNodeImpl };
import { BaseNodeImpl, type SceneContext, setRelaunch } from './base-node.js';
export { BaseNodeImpl, type SceneContext };

export { PLUGIN_DATA_ENTRY_LIMIT_BYTES, strokeOutset, dropShadowsOf, detachNode, insertNode };
export type { DropShadowLike, NodeType, PaintLike, StrokeAlign };

import { type LayoutMode, defineLayoutFields, reflowAutoLayout } from './auto-layout.js';
export type { LayoutMode };

// ---------------------------------------------------------------------------------------------
