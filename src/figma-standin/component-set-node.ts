// A component set: a frame of variants that accepts only components (tree-ops.ts checks it) and
// starts without fills.

import type { SceneContext } from './base-node.js';
import { FrameLikeNodeImpl } from './frame-node.js';

export class ComponentSetNodeImpl extends FrameLikeNodeImpl {
  constructor(ctx: SceneContext, id: string, name: string) {
    super(ctx, id, name, 'COMPONENT_SET');
  }
}
