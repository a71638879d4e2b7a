// Which visible layers a frame-covering background would hide: everything painted below the
// insertion point, up to the area's frame, that overlaps the area.
import type { Box, Placement } from '../protocol/shapes';
import type { NodeRef } from '../protocol/selection-shapes';
import { boxesIntersect } from './box-geometry';
import { insertionPointFor } from './insertion-point';
import { acceptsFrameChild, drawsFirstChildOnTop } from './scene-tree';

/**
 * Walks from the insertion point behind `lowest` up to `frame` (or the page when there is none):
 * at each level, the siblings painted below the path that are visible and overlap `area`.
 * 'bottom' of a frame hides nothing.
 */
export function layersHiddenBehind(lowest: SceneNode, frame: BaseNode | null, area: Box, placement: Placement, exclude: string[]): NodeRef[] {
  if (placement === 'bottom' && frame) return [];
  const point = insertionPointFor(lowest, placement, frame);
  if (!point) return [];
  // An instance area refuses children: the background goes behind the instance, so only that level counts.
  const boundary = frame && !acceptsFrameChild(frame) ? point.parent : frame;
  const hidden: NodeRef[] = [];
  let container: BaseNode & ChildrenMixin = point.parent;
  let index = point.index;
  for (;;) {
    const children = container.children as ReadonlyArray<SceneNode>;
    const reverse = drawsFirstChildOnTop(container);
    const below = reverse ? children.slice(index) : children.slice(0, index);
    for (const child of below) {
      if (exclude.indexOf(child.id) >= 0 || !child.visible) continue;
      const box = child.absoluteBoundingBox;
      if (box && boxesIntersect(box, area)) hidden.push({ id: child.id, name: child.name });
    }
    if (container === boundary || container.type === 'PAGE' || !container.parent) break;
    const parent: BaseNode & ChildrenMixin = container.parent;
    const position = parent.children.indexOf(container as SceneNode);
    index = drawsFirstChildOnTop(parent) ? position + 1 : position;
    container = parent;
  }
  return hidden;
}
