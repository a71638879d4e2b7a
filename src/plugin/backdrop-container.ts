// One Backdrop per source layer (or per layer set of a multi-layer job): a container frame named
// after the layer, directly behind it, holding every variation ever generated for it, one shown.
// The container is a frame without fills or clipping, so it paints nothing itself and never cuts
// a variation; it sits out of any auto-layout flow and is sized to its variations.
import type { NodeRef } from '../protocol/selection-shapes';
import type { Box } from '../protocol/shapes';
import { findNodesWithMetadata, readMetadata, readMetadataText } from './backdrop-metadata';
import { invertTransform, multiplyTransforms, relativeTransformForPageBox } from './box-geometry';
import type { InsertionPoint } from './insertion-point';
import { SHARED_NAMESPACE } from './shared-namespace';
import { absoluteTransformOf, coordinateSpaceOf, hasAutoLayout } from './scene-tree';

/** Shared plugin data key of a container: the JSON of its layer set. */
export const CONTAINER_KEY = 'backdrop-container';
const MAX_NAME_CHARS = 60;

interface ContainerData {
  v: 1;
  sourceLayerIds: string[];
}

/** The identity of a layer set: its ids, order-free. */
export function layerSetKey(ids: ReadonlyArray<string>): string {
  return ids.slice().sort().join(',');
}

export function containerName(layerNames: string[]): string {
  const names = layerNames.join(', ');
  const short = names.length > MAX_NAME_CHARS ? names.slice(0, MAX_NAME_CHARS - 1) + '…' : names;
  return short ? 'Backdrop · ' + short : 'Backdrop';
}

function containerLayerSet(node: BaseNode): string | null {
  const text = node.getSharedPluginData(SHARED_NAMESPACE, CONTAINER_KEY);
  if (!text) return null;
  try {
    const data = JSON.parse(text) as ContainerData;
    return data && data.v === 1 && Array.isArray(data.sourceLayerIds) ? layerSetKey(data.sourceLayerIds) : null;
  } catch {
    return null;
  }
}

export function isBackdropContainer(node: BaseNode): boolean {
  return node.type === 'FRAME' && containerLayerSet(node) !== null;
}

/** The container of this layer set on the page, or null (documents from earlier versions have none). */
export function findContainer(page: PageNode, layerIds: ReadonlyArray<string>): FrameNode | null {
  const key = layerSetKey(layerIds);
  const found = page.findAllWithCriteria({ types: ['FRAME'], sharedPluginData: { namespace: SHARED_NAMESPACE, keys: [CONTAINER_KEY] } });
  for (const node of found) if (node.type === 'FRAME' && !node.removed && containerLayerSet(node) === key) return node;
  return null;
}

/**
 * Every Backdrop variation of this layer set on the page: inside its container and loose frames
 * that earlier versions placed straight behind the layer.
 */
export function findVariations(page: PageNode, layerIds: ReadonlyArray<string>): FrameNode[] {
  const key = layerSetKey(layerIds);
  const first = layerIds[0];
  return findNodesWithMetadata(page, ['FRAME']).filter((node): node is FrameNode => {
    if (node.type !== 'FRAME' || (first !== undefined && readMetadataText(node).indexOf(first) < 0)) return false;
    const metadata = readMetadata(node);
    return metadata !== null && metadata.role === 'background' && layerSetKey(metadata.sourceLayerIds) === key;
  });
}

/** A frame that shows nothing of its own, at `point`, over `box` (page coordinates). */
export function insertContainer(api: PluginAPI, point: InsertionPoint, box: Box, layerIds: ReadonlyArray<string>, name: string): FrameNode {
  const container = api.createFrame();
  point.parent.insertChild(Math.min(point.index, point.parent.children.length), container);
  // Out of the flow before it gets a size, or it would push its auto-layout siblings around.
  if (hasAutoLayout(point.parent)) container.layoutPositioning = 'ABSOLUTE';
  container.name = name;
  container.fills = [];
  container.clipsContent = false;
  container.locked = false;
  container.resizeWithoutConstraints(Math.max(0.01, box.width), Math.max(0.01, box.height));
  container.relativeTransform = relativeTransformForPageBox(box, absoluteTransformOf(coordinateSpaceOf(point.parent)));
  const data: ContainerData = { v: 1, sourceLayerIds: layerIds.slice() };
  container.setSharedPluginData(SHARED_NAMESPACE, CONTAINER_KEY, JSON.stringify(data));
  return container;
}

function unionOf(boxes: Box[]): Box | null {
  if (boxes.length === 0) return null;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const box of boxes) {
    left = Math.min(left, box.x);
    top = Math.min(top, box.y);
    right = Math.max(right, box.x + box.width);
    bottom = Math.max(bottom, box.y + box.height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** The page box of a `width` x `height` node at absolute transform `m`. */
function pageBoxAt(m: Transform, width: number, height: number): Box {
  const xs = [0, width, 0, width].map((x, i) => m[0][0] * x + m[0][1] * (i < 2 ? 0 : height) + m[0][2]);
  const ys = [0, width, 0, width].map((x, i) => m[1][0] * x + m[1][1] * (i < 2 ? 0 : height) + m[1][2]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/**
 * Sizes the container to the union of its variations (page coordinates), axis-aligned on the
 * page, without moving any variation: each keeps `absolute` (its absolute transform, read before
 * the container itself moved).
 */
export function fitContainer(container: FrameNode, absolute: Transform[] = container.children.map((kid) => kid.absoluteTransform)): void {
  const kids = container.children.slice();
  const union = unionOf(kids.map((kid, i) => pageBoxAt(absolute[i] as Transform, kid.width, kid.height)));
  if (!union || !container.parent) return;
  container.resizeWithoutConstraints(Math.max(0.01, union.width), Math.max(0.01, union.height));
  container.relativeTransform = relativeTransformForPageBox(union, absoluteTransformOf(coordinateSpaceOf(container.parent)));
  const inverse = invertTransform(container.absoluteTransform);
  kids.forEach((kid, i) => {
    kid.relativeTransform = multiplyTransforms(inverse, absolute[i] as Transform);
  });
}

/** True when the container already sits where `point` would insert: next to it on the behind side. */
function sitsAt(container: FrameNode, point: InsertionPoint): boolean {
  if (container.parent !== point.parent) return false;
  const index = point.parent.children.indexOf(container);
  return index === point.index - 1 || index === point.index;
}

/**
 * Moves the container to `point` (the layer moved, or a job chose another placement), keeping
 * every variation where it is on the page.
 */
export function moveContainer(container: FrameNode, point: InsertionPoint): void {
  if (sitsAt(container, point)) return;
  const absolute = container.children.map((kid) => kid.absoluteTransform);
  const current = container.parent === point.parent ? point.parent.children.indexOf(container) : -1;
  const index = current >= 0 && current < point.index ? point.index - 1 : point.index;
  point.parent.insertChild(Math.min(index, point.parent.children.length), container);
  if (hasAutoLayout(point.parent)) container.layoutPositioning = 'ABSOLUTE';
  fitContainer(container, absolute);
}

/** Shows `chosen` (and the container holding it) and hides every other variation. */
export function showOnly(variations: FrameNode[], chosen: FrameNode): void {
  for (const frame of variations) if (frame !== chosen && frame.visible) frame.visible = false;
  chosen.visible = true;
  const parent = chosen.parent;
  if (parent && isBackdropContainer(parent) && !(parent as FrameNode).visible) (parent as FrameNode).visible = true;
}

/** Removes the hidden variations of a layer set (and a container left empty); returns how many went. */
export function removeHiddenVariations(page: PageNode, layerIds: ReadonlyArray<string>): number {
  const hidden = findVariations(page, layerIds).filter((frame) => !frame.visible);
  for (const frame of hidden) frame.remove();
  const container = findContainer(page, layerIds);
  if (container) {
    if (container.children.length === 0) container.remove();
    else if (hidden.length > 0) fitContainer(container);
  }
  return hidden.length;
}

/** The layer set's own Backdrop on the page (its container, else its visible loose frames). */
export function previousBackdrops(page: PageNode, layerIds: ReadonlyArray<string>): NodeRef[] {
  const container = findContainer(page, layerIds);
  if (container) return [{ id: container.id, name: container.name }];
  return findVariations(page, layerIds)
    .filter((frame) => frame.visible)
    .map((frame) => ({ id: frame.id, name: frame.name }));
}
