// Describes the current selection for the UI: each layer's boxes, frame ancestor and usability,
// and the jobs a multi-selection becomes (one per shared frame, behind the lowest layer).
import { unionOfRects } from '../contract/rect-union';
import type { Box } from '../protocol/shapes';
import type { LayerGroup, SelectedLayer, SelectionState } from '../protocol/selection-shapes';
import { toBox } from './box-geometry';
import { isBackdropFrame } from './backdrop-metadata';
import { isBackdropContainer } from './backdrop-container';
import { layersHiddenBehind } from './layers-hidden-behind';
import { frameAncestorOf, mainComponentAncestorOf, pageOf, sortByPaintOrder } from './scene-tree';

const MIN_LAYER_SIZE = 4;

/** The layer and every ancestor visible: exportAsync rejects a node with nothing rendered. */
function isShown(node: SceneNode): boolean {
  for (let current: BaseNode | null = node; current && current.type !== 'PAGE'; current = current.parent) {
    if ('visible' in current && !current.visible) return false;
  }
  return true;
}

function unusableReason(node: SceneNode, box: Box | null): string | undefined {
  if (node.type === 'SLICE') return 'slice';
  if (!box) return 'no size';
  if (box.width < MIN_LAYER_SIZE || box.height < MIN_LAYER_SIZE) return 'too small';
  if (!isShown(node)) return 'hidden';
  if (isBackdropFrame(node) || isBackdropContainer(node)) return 'a Backdrop background';
  return undefined;
}

function describeLayer(node: SceneNode): SelectedLayer {
  const rawBox = node.absoluteBoundingBox;
  const box = rawBox ? toBox(rawBox) : null;
  const renderBounds = 'absoluteRenderBounds' in node ? node.absoluteRenderBounds : null;
  const frame = frameAncestorOf(node);
  const frameBox = frame ? frame.absoluteBoundingBox : null;
  const page = pageOf(node);
  const reason = unusableReason(node, box);
  const layer: SelectedLayer = {
    id: node.id,
    name: node.name,
    type: node.type,
    pageId: page ? page.id : '',
    box: box || { x: 0, y: 0, width: 0, height: 0 },
    renderBox: renderBounds ? toBox(renderBounds) : box || { x: 0, y: 0, width: 0, height: 0 },
    rotation: 'rotation' in node ? node.rotation : 0,
    frameAncestor: frame && frameBox ? { id: frame.id, name: frame.name, type: frame.type, box: toBox(frameBox) } : null,
    usable: reason === undefined,
  };
  if (reason !== undefined) layer.reason = reason;
  return layer;
}

/** Layers sharing a frame ancestor form one group; layers on the page each form their own. */
function groupLayers(nodes: SceneNode[], layers: SelectedLayer[]): LayerGroup[] {
  const byKey: { [key: string]: SceneNode[] } = {};
  const keys: string[] = [];
  layers.forEach((layer, i) => {
    const node = nodes[i];
    if (!layer.usable || !node) return;
    const key = layer.frameAncestor ? layer.frameAncestor.id : 'page:' + layer.id;
    if (!byKey[key]) {
      byKey[key] = [];
      keys.push(key);
    }
    (byKey[key] as SceneNode[]).push(node);
  });
  return keys.map((key) => {
    const members = sortByPaintOrder(byKey[key] as SceneNode[]);
    const lowest = members[0] as SceneNode;
    const frame = frameAncestorOf(lowest);
    const frameBox = frame ? frame.absoluteBoundingBox : null;
    const layerIds = members.map((node) => node.id);
    const area = frameBox ? toBox(frameBox) : unionBox(members);
    const group: LayerGroup = {
      key,
      layerIds,
      frame: frame && frameBox ? { id: frame.id, name: frame.name, box: toBox(frameBox) } : null,
      lowestLayerId: lowest.id,
      hiddenBehind: { behind: layersHiddenBehind(lowest, frame, area, 'behind', layerIds), bottom: [] },
    };
    const component = mainComponentAncestorOf(lowest);
    if (component) group.mainComponent = { id: component.id, name: component.name, variant: component.type === 'COMPONENT_SET' };
    return group;
  });
}

function unionBox(nodes: SceneNode[]): Box {
  const boxes = nodes.map((node) => node.absoluteBoundingBox).filter((box): box is Rect => box !== null);
  return unionOfRects(boxes) ?? { x: 0, y: 0, width: 0, height: 0 };
}

export function describeSelection(api: PluginAPI): SelectionState {
  const nodes = api.currentPage.selection.slice();
  if (nodes.length === 0) return { layers: [], groups: [], problem: 'Nothing selected' };
  const layers = nodes.map(describeLayer);
  const groups = groupLayers(nodes, layers);
  const state: SelectionState = { layers, groups };
  if (groups.length === 0) state.problem = 'No usable layer selected (' + (layers[0] as SelectedLayer).reason + ')';
  return state;
}

/** Async for callers that await it; selection reads need no page loads. */
export async function describeSelectionAsync(api: PluginAPI): Promise<SelectionState> {
  return describeSelection(api);
}
