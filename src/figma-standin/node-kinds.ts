// Which node classes exist and what each kind of node is, told by its `type` tag: the tree
// operations and the node classes ask these guards instead of importing each other's classes
// for `instanceof`, so no two node modules import each other at run time.

import type { BaseNodeImpl } from './base-node.js';
import type { ComponentNodeImpl } from './component-node.js';
import type { FrameLikeNodeImpl } from './frame-node.js';
import type { GroupNodeImpl } from './group-node.js';
import type { PageNodeImpl } from './page-node.js';
import type { SceneNodeImpl } from './scene-node.js';
import type { SectionNodeImpl } from './section-node.js';
import type { ShapeNodeImpl } from './shape-node.js';

export type NodeType =
  | 'DOCUMENT'
  | 'PAGE'
  | 'FRAME'
  | 'GROUP'
  | 'SECTION'
  | 'COMPONENT'
  | 'COMPONENT_SET'
  | 'INSTANCE'
  | 'RECTANGLE'
  | 'ELLIPSE'
  | 'SLICE';

/** The nodes x, y and relativeTransform are measured from (groups are skipped). */
export const CONTAINER_TYPES: ReadonlySet<NodeType> = new Set<NodeType>(['PAGE', 'FRAME', 'SECTION', 'COMPONENT', 'COMPONENT_SET', 'INSTANCE']);

/** The types built on FrameLikeNodeImpl: they carry clipsContent, auto-layout and paints. */
const TYPES_WITH_FRAME_MEMBERS: ReadonlySet<NodeType> = new Set<NodeType>(['FRAME', 'COMPONENT', 'COMPONENT_SET', 'INSTANCE']);

/** The types that carry fills, strokes and a corner radius: frames, sections and shapes. */
const TYPES_WITH_PAINTS: ReadonlySet<NodeType> = new Set<NodeType>([...TYPES_WITH_FRAME_MEMBERS, 'SECTION', 'RECTANGLE', 'ELLIPSE']);

/** Every node the stand-in made; what `instanceof BaseNodeImpl` would say, without importing it. */
const nodes = new WeakSet<object>();

export function registerNode(node: BaseNodeImpl): void {
  nodes.add(node);
}

export function isStandinNode(value: unknown): value is BaseNodeImpl {
  return typeof value === 'object' && value !== null && nodes.has(value);
}

/** Scene nodes sit on a page canvas: everything but the document and its pages. */
export function isSceneNode(value: unknown): value is SceneNodeImpl {
  return isStandinNode(value) && value.type !== 'DOCUMENT' && value.type !== 'PAGE';
}

export function isFrameLike(value: unknown): value is FrameLikeNodeImpl {
  return isStandinNode(value) && TYPES_WITH_FRAME_MEMBERS.has(value.type);
}

export function hasPaints(value: unknown): value is FrameLikeNodeImpl | SectionNodeImpl | ShapeNodeImpl {
  return isStandinNode(value) && TYPES_WITH_PAINTS.has(value.type);
}

export function isGroup(value: unknown): value is GroupNodeImpl {
  return isStandinNode(value) && value.type === 'GROUP';
}

export function isComponent(value: unknown): value is ComponentNodeImpl {
  return isStandinNode(value) && value.type === 'COMPONENT';
}

export function isPage(value: unknown): value is PageNodeImpl {
  return isStandinNode(value) && value.type === 'PAGE';
}
