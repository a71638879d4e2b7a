// The layer a click selects in the editor, for the playground: the deepest visible layer under
// the point, with groups and instances selected as a whole; clipping frames hide what overflows.

import { applyAffine, invertAffine } from './affine.js';
import type { BaseNodeImpl } from './base-node.js';
import { isFrameLike, isGroup, isSceneNode } from './node-kinds.js';
import type { PageNodeImpl } from './page-node.js';
import type { SceneNodeImpl } from './scene-node.js';

export function layerAtPoint(page: PageNodeImpl, x: number, y: number): SceneNodeImpl | null {
  const hits = (node: SceneNodeImpl): boolean => {
    const local = applyAffine(invertAffine(node._absolute()), x, y);
    const w = isGroup(node) ? node._boxInContainer().width : node._w;
    const h = isGroup(node) ? node._boxInContainer().height : node._h;
    return local.x >= 0 && local.y >= 0 && local.x <= w && local.y <= h;
  };
  const search = (kids: readonly BaseNodeImpl[]): SceneNodeImpl | null => {
    for (let i = kids.length - 1; i >= 0; i -= 1) {
      const node = kids[i];
      if (!isSceneNode(node) || !node._visible || node.type === 'SLICE') continue;
      const opaque = isGroup(node) || node.type === 'INSTANCE' || !node._kids;
      if (!opaque) {
        const clips = isFrameLike(node) && node._clipsContent;
        if (!clips || hits(node)) {
          const inner = search(node._kids ?? []);
          if (inner) return inner;
        }
      }
      if (isGroup(node) ? (node._kids ?? []).some((k) => isSceneNode(k) && k._visible && hits(k)) : hits(node)) {
        return node;
      }
    }
    return null;
  };
  return search(page._kids ?? []);
}
