// Questions about a node's place in the scene tree: its page, its frame-like ancestor, which
// containers accept new children, and the space its x/y are measured in.

export function pageOf(node: BaseNode): PageNode | null {
  let current: BaseNode | null = node;
  while (current && current.type !== 'PAGE') current = current.parent;
  return current && current.type === 'PAGE' ? current : null;
}

export function isInsideInstance(node: BaseNode): boolean {
  let current = node.parent;
  while (current) {
    if (current.type === 'INSTANCE') return true;
    current = current.parent;
  }
  return false;
}

/**
 * The nearest ancestor whose box can be a backdrop area: a frame, section, component or
 * instance. A component set is skipped: it is a box of variants, not a design.
 */
export function frameAncestorOf(node: BaseNode): (FrameNode | SectionNode | ComponentNode | InstanceNode) | null {
  let current = node.parent;
  while (current && current.type !== 'PAGE' && current.type !== 'DOCUMENT') {
    if (current.type === 'FRAME' || current.type === 'SECTION' || current.type === 'COMPONENT' || current.type === 'INSTANCE') {
      return current;
    }
    current = current.parent;
  }
  return null;
}

/**
 * The outermost main component or component set above `node` (not `node` itself): a child added
 * anywhere inside it appears in every instance. Null when there is none.
 */
export function mainComponentAncestorOf(node: BaseNode): ComponentNode | ComponentSetNode | null {
  let found: ComponentNode | ComponentSetNode | null = null;
  for (let current = node.parent; current && current.type !== 'PAGE' && current.type !== 'DOCUMENT'; current = current.parent) {
    if (current.type === 'COMPONENT' || current.type === 'COMPONENT_SET') found = current;
  }
  return found;
}

/** Containers that accept a new frame as a child (instances, their insides, component sets and booleans do not). */
export function acceptsFrameChild(node: BaseNode): node is FrameNode | GroupNode | SectionNode | ComponentNode | PageNode {
  const type = node.type;
  if (type !== 'FRAME' && type !== 'GROUP' && type !== 'SECTION' && type !== 'COMPONENT' && type !== 'PAGE') return false;
  return !isInsideInstance(node);
}

/** x/y and relativeTransform are relative to this node: the nearest non-group ancestor. */
export function coordinateSpaceOf(parent: BaseNode & ChildrenMixin): BaseNode {
  let current: BaseNode = parent;
  while (current.type === 'GROUP' || current.type === 'BOOLEAN_OPERATION') {
    const next: BaseNode | null = current.parent;
    if (!next) break;
    current = next;
  }
  return current;
}

export function absoluteTransformOf(node: BaseNode): Transform {
  if ('absoluteTransform' in node) return node.absoluteTransform;
  return [
    [1, 0, 0],
    [0, 1, 0],
  ];
}

/** itemReverseZIndex applies to HORIZONTAL and VERTICAL auto-layout only, never to GRID. */
export function drawsFirstChildOnTop(parent: BaseNode): boolean {
  if (!('itemReverseZIndex' in parent) || parent.itemReverseZIndex !== true || !('layoutMode' in parent)) return false;
  return parent.layoutMode === 'HORIZONTAL' || parent.layoutMode === 'VERTICAL';
}

export function hasAutoLayout(parent: BaseNode): parent is FrameNode | ComponentNode {
  return (parent.type === 'FRAME' || parent.type === 'COMPONENT') && parent.layoutMode !== 'NONE';
}

/**
 * True for a group (or a group inside groups) whose outermost group is a flow child of an
 * auto-layout frame: groups resize to fit their children, so a child added there re-flows the frame.
 */
export function resizesAutoLayoutFlow(node: BaseNode): boolean {
  let current: BaseNode = node;
  while (current.type === 'GROUP' || current.type === 'BOOLEAN_OPERATION') {
    const up: BaseNode | null = current.parent;
    if (!up) return false;
    if (hasAutoLayout(up)) return (current as GroupNode).layoutPositioning !== 'ABSOLUTE';
    current = up;
  }
  return false;
}

/**
 * Paint order key from the root: child indices along the path, flipped where a parent draws its
 * first child on top. Comparing keys lexicographically sorts bottom-most first.
 */
function paintOrderKey(node: BaseNode): number[] {
  const key: number[] = [];
  let current: BaseNode = node;
  while (current.parent) {
    const parent: BaseNode & ChildrenMixin = current.parent;
    const index = parent.children.indexOf(current as SceneNode);
    key.unshift(drawsFirstChildOnTop(parent) ? parent.children.length - 1 - index : index);
    current = parent;
  }
  return key;
}

function comparePaintOrder(a: number[], b: number[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const difference = (a[i] as number) - (b[i] as number);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/** The nodes in the order they are painted: bottom-most first. */
export function sortByPaintOrder<T extends BaseNode>(nodes: T[]): T[] {
  return nodes
    .map((node) => ({ node, order: paintOrderKey(node) }))
    .sort((a, b) => comparePaintOrder(a.order, b.order))
    .map((entry) => entry.node);
}
