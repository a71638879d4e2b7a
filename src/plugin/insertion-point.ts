// Where a background frame goes in the layer tree: directly behind a layer (walking out of
// instances and component sets), or at the bottom of the area's frame.
import type { Placement } from '../protocol/shapes';
import { acceptsFrameChild, drawsFirstChildOnTop, mainComponentAncestorOf, resizesAutoLayoutFlow } from './scene-tree';

export interface InsertionPoint {
  parent: FrameNode | GroupNode | SectionNode | ComponentNode | PageNode;
  index: number;
}

/**
 * Directly behind `target`: the first ancestor that accepts a frame without moving any layer, at
 * the index of the child on the path to `target`. A group flowing in an auto-layout frame is
 * skipped (it would grow to the background and the frame would re-flow its siblings): the
 * background goes behind that group, out of the flow. With "first on top" stacking
 * (itemReverseZIndex), behind is index + 1.
 */
export function insertionPointBehind(target: SceneNode): InsertionPoint | null {
  let child: BaseNode = target;
  let parent: BaseNode | null = target.parent;
  while (parent && (!acceptsFrameChild(parent) || resizesAutoLayoutFlow(parent))) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent || !acceptsFrameChild(parent)) return null;
  const index = parent.children.indexOf(child as SceneNode);
  return { parent, index: drawsFirstChildOnTop(parent) ? index + 1 : index };
}

/** Behind every child of `container`; an instance area falls back to behind the instance itself. */
export function insertionPointAtBottom(container: BaseNode): InsertionPoint | null {
  if (acceptsFrameChild(container)) {
    return { parent: container, index: drawsFirstChildOnTop(container) ? container.children.length : 0 };
  }
  return 'visible' in container ? insertionPointBehind(container as SceneNode) : null;
}

export function insertionPointFor(target: SceneNode, placement: Placement, frame: BaseNode | null): InsertionPoint | null {
  if (placement === 'bottom' && frame) return insertionPointAtBottom(frame);
  if (placement === 'outside') {
    // Behind the main component (its set, for a variant) in its parent: instances stay clean.
    const component = mainComponentAncestorOf(target);
    if (component) return insertionPointBehind(component);
  }
  return insertionPointBehind(target);
}
