// Tree operations: Figma's checks before reparenting, inserting at an index, detaching and
// removing, and what follows a change of children (auto-layout reflow, group fit, instances).
// Node kinds are told by type tag (node-kinds.ts), so this module imports no node class.

import type { BaseNodeImpl } from './base-node.js';
import type { PageNodeImpl } from './page-node.js';
import { isComponent, isFrameLike, isSceneNode, isStandinNode } from './node-kinds.js';

/** Takes a node out of its parent; `markRemoved` deletes it (and its subtree) like node.remove(). */
export function detachNode(node: BaseNodeImpl, markRemoved: boolean): void {
  const parent = node._parent;
  const siblings = parent?._kids;
  const index = siblings ? siblings.indexOf(node) : -1;
  const removedBefore = [node, ...node._descendants()].map((n) => [n, n._removed] as const);
  if (siblings && index >= 0) siblings.splice(index, 1);
  node._parent = null;
  if (markRemoved) for (const [n] of removedBefore) n._removed = true;
  node._ctx.record(() => {
    for (const [n, was] of removedBefore) n._removed = was;
    if (parent && siblings && index >= 0) {
      siblings.splice(index, 0, node);
      node._parent = parent;
      afterChildrenChanged(parent);
    }
  });
  if (parent) {
    afterChildrenChanged(parent);
    if (parent.type === 'GROUP' && (parent._kids?.length ?? 0) === 0 && !parent._removed) detachNode(parent, true);
  }
  if (markRemoved) {
    const page = parent?._page() ?? null;
    if (page) page._dropFromSelection();
  }
}

function afterChildrenChanged(parent: BaseNodeImpl): void {
  if (isFrameLike(parent)) parent._reflow();
  if (isSceneNode(parent)) parent._geometryChanged();
  syncInstancesOf(parent);
}

/**
 * A layer added to or removed from a main component (at any depth) shows in every instance of it
 * (Figma help, "Create and use components": changes to the main component propagate to its
 * instances). The stand-in rebuilds the instances' sublayers from the main component whenever its
 * layer tree changes (property changes made afterwards are not copied), and instance overrides
 * made through the API are not kept.
 */
function syncInstancesOf(changed: BaseNodeImpl): void {
  for (let n: BaseNodeImpl | null = changed; n; n = n._parent) {
    if (isComponent(n)) for (const instance of n._instances) if (!instance._removed) instance._syncFromMain();
  }
}

/** Figma's checks before any reparenting, with its messages where known. */
function assertCanInsert(parent: BaseNodeImpl, child: BaseNodeImpl): void {
  parent._live();
  if (!isStandinNode(child)) throw new Error('Cannot move node. Expected a node');
  if (child.type === 'DOCUMENT') throw new Error('Cannot move node. The document cannot be moved');
  if (parent.type === 'DOCUMENT' && child.type !== 'PAGE') throw new Error('Cannot move node. Only pages can be children of the document');
  if (parent.type !== 'DOCUMENT' && child.type === 'PAGE') throw new Error('Cannot move node. A page can only be a child of the document');
  if (parent._isInsideInstance()) throw new Error('Cannot move node. New parent is an instance or is inside of an instance');
  if (child._inInstance) throw new Error('Cannot move node. Node is inside of an instance');
  if (parent.type === 'COMPONENT_SET' && child.type !== 'COMPONENT') {
    throw new Error('Cannot move node. A component set can only contain components');
  }
  if (child.type === 'SECTION' && parent.type !== 'PAGE' && parent.type !== 'SECTION') {
    throw new Error('Cannot move node. Sections can only be children of pages or other sections');
  }
  for (let n: BaseNodeImpl | null = parent; n; n = n._parent) {
    if (n === child) throw new Error('Cannot move node. A node cannot be moved into itself or its descendants');
  }
  if (parent.type === 'PAGE') (parent as PageNodeImpl)._requireLoaded('appendChild');
}

/** Inserts like Figma's fractional indexing: the node lands between children[index - 1] and children[index]. */
export function insertNode(parent: BaseNodeImpl, index: number, child: BaseNodeImpl): void {
  assertCanInsert(parent, child);
  const kids = parent._kids as BaseNodeImpl[];
  if (!Number.isInteger(index) || index < 0 || index > kids.length) {
    throw new Error(`insertChild: index ${index} is out of range 0..${kids.length}`);
  }
  const before = index < kids.length ? kids[index] : undefined;
  const wasRemoved = child._removed;
  const oldPage = child._page();
  if (child._parent) detachNode(child, false);
  const at = before === undefined ? kids.length : kids.indexOf(before);
  kids.splice(at < 0 ? kids.length : at, 0, child);
  child._parent = parent;
  const subtree = [child, ...child._descendants()].map((n) => [n, n._removed] as const);
  for (const [n] of subtree) n._removed = false;
  child._ctx.record(() => {
    const i = kids.indexOf(child);
    if (i >= 0) kids.splice(i, 1);
    child._parent = null;
    for (const [n, was] of subtree) n._removed = was;
    child._removed = wasRemoved;
    afterChildrenChanged(parent);
  });
  afterChildrenChanged(parent);
  if (oldPage && oldPage !== child._page()) oldPage._dropFromSelection();
}
