// figma.group and figma.combineAsVariants: the nodes move into the new group or component set
// keeping their place on the canvas; the new node goes into the given parent, on top unless an
// index is given.

import { type Affine, invertAffine, multiplyAffine, translationAffine, unionBoxes } from './affine.js';
import type { BaseNodeImpl, SceneContext } from './base-node.js';
import type { ComponentNodeImpl } from './component-node.js';
import { ComponentSetNodeImpl } from './component-set-node.js';
import type { DocumentNodeImpl } from './document-node.js';
import { GroupNodeImpl } from './group-node.js';
import { isComponent, isGroup, isSceneNode } from './node-kinds.js';
import type { SceneNodeImpl } from './scene-node.js';
import { insertNode } from './tree-ops.js';

export function groupNodes(
  ctx: SceneContext,
  nodes: readonly SceneNodeImpl[],
  parent: BaseNodeImpl,
  index: number | undefined,
  document: DocumentNodeImpl,
): GroupNodeImpl {
  const documentOrder = (node: BaseNodeImpl): number => document._descendants().indexOf(node);
  if (!Array.isArray(nodes) || nodes.length === 0) throw new Error('First argument to group() must be an array of at least one node');
  for (const n of nodes) if (!isSceneNode(n) || n._removed) throw new Error('group(): every node must be a scene node in the document');
  const group = new GroupNodeImpl(ctx, ctx.nextId(), 'Group');
  const absolute = new Map(nodes.map((n) => [n, n._absolute()] as const));
  insertNode(parent, index ?? parent._kids?.length ?? 0, group);
  const ordered = [...nodes].sort((a, b) => documentOrder(a) - documentOrder(b));
  for (const n of ordered) {
    insertNode(group, group._kids?.length ?? 0, n);
    keepAbsolutePosition(n, absolute.get(n) as NonNullable<ReturnType<typeof absolute.get>>);
  }
  // A new group in an auto-layout frame joins its flow with its final box.
  group._geometryChanged();
  return group;
}

export function combineAsVariants(
  ctx: SceneContext,
  components: readonly ComponentNodeImpl[],
  parent: BaseNodeImpl,
  index: number | undefined,
): ComponentSetNodeImpl {
  if (!Array.isArray(components) || components.length === 0) throw new Error('combineAsVariants: expected at least one component');
  for (const c of components) if (!isComponent(c)) throw new Error('combineAsVariants: every node must be a COMPONENT');
  const set = new ComponentSetNodeImpl(ctx, ctx.nextId(), 'Component Set');
  const box = unionBoxes(components.map((c) => c._boxInContainer())) ?? { x: 0, y: 0, width: 100, height: 100 };
  set._rt = translationAffine(box.x, box.y);
  set._w = Math.max(0.01, box.width);
  set._h = Math.max(0.01, box.height);
  const absolute = new Map(components.map((c) => [c, c._absolute()] as const));
  insertNode(parent, index ?? parent._kids?.length ?? 0, set);
  for (const c of components) {
    insertNode(set, set._kids?.length ?? 0, c);
    keepAbsolutePosition(c, absolute.get(c) as NonNullable<ReturnType<typeof absolute.get>>);
  }
  return set;
}

/** Places a node moved into a group or component set without moving it on the canvas. */
function keepAbsolutePosition(node: SceneNodeImpl, absoluteBefore: Affine): void {
  if (isGroup(node)) return;
  const rel = multiplyAffine(invertAffine(node._containerAbsolute()), absoluteBefore);
  node._set('_rt', rel);
}
