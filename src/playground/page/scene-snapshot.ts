// Plain-data views of the stand-in's scene: the snapshot tests read, the change signature the
// page redraws on, and the hit test that picks the layer under the pointer as Figma does.

export interface SnapshotNode {
  id: string;
  name: string;
  type: string;
  parentId: string | null;
  /** Index in the parent's children: 0 is the bottom layer. */
  index: number;
  visible: boolean;
  box: { x: number; y: number; width: number; height: number } | null;
  fills: { type: string; imageHash?: string | null; color?: string }[];
  pluginDataKeys: string[];
  /** Keys in the `backdrop` shared plugin data namespace (where Backdrop frames keep their metadata). */
  sharedPluginDataKeys: string[];
}

export interface SceneSnapshot {
  pageId: string;
  selection: string[];
  nodes: SnapshotNode[];
}

const hex = (value: number): string =>
  Math.round(value * 255)
    .toString(16)
    .padStart(2, '0');

function summariseFills(node: SceneNode): SnapshotNode['fills'] {
  if (!('fills' in node) || !Array.isArray(node.fills)) return [];
  return (node.fills as readonly Paint[]).map((paint) => {
    if (paint.type === 'SOLID') return { type: paint.type, color: `#${hex(paint.color.r)}${hex(paint.color.g)}${hex(paint.color.b)}` };
    if (paint.type === 'IMAGE') return { type: paint.type, imageHash: paint.imageHash };
    return { type: paint.type };
  });
}

/** Every node of the page in document order (parents before children, bottom before top). */
function listPageNodes(page: PageNode): SceneNode[] {
  const out: SceneNode[] = [];
  const visit = (node: SceneNode) => {
    out.push(node);
    if ('children' in node) for (const child of node.children) visit(child);
  };
  for (const node of page.children) visit(node);
  return out;
}

export function snapshotPage(page: PageNode): SceneSnapshot {
  return {
    pageId: page.id,
    selection: page.selection.map((node) => node.id),
    nodes: listPageNodes(page).map((node) => {
      const parent = node.parent;
      const box = node.absoluteBoundingBox;
      return {
        id: node.id,
        name: node.name,
        type: node.type,
        parentId: parent && parent.type !== 'PAGE' ? parent.id : null,
        index: parent && 'children' in parent ? parent.children.indexOf(node) : -1,
        visible: node.visible,
        box: box ? { x: box.x, y: box.y, width: box.width, height: box.height } : null,
        fills: summariseFills(node),
        pluginDataKeys: node.getPluginDataKeys(),
        sharedPluginDataKeys: node.getSharedPluginDataKeys('backdrop'),
      };
    }),
  };
}

/** A string that changes whenever anything drawn or listed changes. */
export function sceneSignature(page: PageNode, snapshot: SceneSnapshot = snapshotPage(page)): string {
  return JSON.stringify([snapshot.selection, snapshot.nodes.map((n) => [n.id, n.name, n.parentId, n.index, n.visible, n.box, n.fills])]);
}

const containsPoint = (node: SceneNode, x: number, y: number): boolean => {
  const box = node.absoluteBoundingBox;
  return !!box && x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height;
};

const isContainerYouClickInto = (node: SceneNode): boolean =>
  node.type === 'FRAME' || node.type === 'SECTION' || node.type === 'COMPONENT';

/**
 * The layer a click at page point (x, y) selects: the topmost visible node under it, descending
 * into frames, sections and components (as Figma does) but taking groups and instances whole.
 */
export function hitTestNode(page: PageNode, x: number, y: number): SceneNode | null {
  const pick = (nodes: readonly SceneNode[]): SceneNode | null => {
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i];
      if (!node || !node.visible || !containsPoint(node, x, y)) continue;
      if (isContainerYouClickInto(node) && 'children' in node) return pick(node.children) ?? node;
      return node;
    }
    return null;
  };
  return pick(page.children);
}
