// One Backdrop per source layer (or per layer set of a multi-layer job): a container frame named
// after the layer, directly behind it, holding every variation ever generated for it, one shown.
// The container is a frame without fills or clipping, so it paints nothing itself and never cuts
// a variation; it sits out of any auto-layout flow and is sized to its variations.
import { unionOfRects } from '../contract/rect-union';
import type { Box } from '../protocol/shapes';
import { findNodesWithMetadata, readMetadata, readMetadataText } from './backdrop-metadata';
import { invertTransform, multiplyTransforms, relativeTransformForPageBox } from './box-geometry';
import type { InsertionPoint } from './insertion-point';
import { SHARED_NAMESPACE } from './shared-namespace';
import { absoluteTransformOf, coordinateSpaceOf, hasAutoLayout } from './scene-tree';

/** Shared plugin data key of a container; the value is its layer set (`layerSetKey`). */
const CONTAINER_KEY = 'backdrop-container';
const MAX_NAME_CHARS = 60;
export const REGENERATE_DESCRIPTION = 'New backgrounds with the same settings';

/** The identity of a layer set: its ids, order-free. */
function layerSetKey(ids: ReadonlyArray<string>): string {
  return ids.slice().sort().join(',');
}

export function containerName(layerNames: string[]): string {
  const names = layerNames.join(', ');
  const short = names.length > MAX_NAME_CHARS ? names.slice(0, MAX_NAME_CHARS - 1) + '…' : names;
  return short ? 'Backdrop · ' + short : 'Backdrop';
}

export function isBackdropContainer(node: BaseNode): boolean {
  return node.type === 'FRAME' && node.getSharedPluginData(SHARED_NAMESPACE, CONTAINER_KEY) !== '';
}

/** The container of this layer set on the page, or null (documents from earlier versions have none). */
export function findContainer(page: PageNode, layerIds: ReadonlyArray<string>): FrameNode | null {
  const key = layerSetKey(layerIds);
  const found = page.findAllWithCriteria({ types: ['FRAME'], sharedPluginData: { namespace: SHARED_NAMESPACE, keys: [CONTAINER_KEY] } });
  for (const node of found) if (node.type === 'FRAME' && node.getSharedPluginData(SHARED_NAMESPACE, CONTAINER_KEY) === key) return node;
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
  container.setSharedPluginData(SHARED_NAMESPACE, CONTAINER_KEY, layerSetKey(layerIds));
  // Selected whole, it regenerates the variation it shows (see regenerate-seed).
  container.setRelaunchData({ regenerate: REGENERATE_DESCRIPTION });
  return container;
}

/** Puts each child back at the absolute transform it had (read before the container moved). */
function keepAbsolute(container: FrameNode, absolute: Transform[]): void {
  const inverse = invertTransform(container.absoluteTransform);
  container.children.forEach((kid, i) => {
    kid.relativeTransform = multiplyTransforms(inverse, absolute[i] as Transform);
  });
}

/**
 * Sizes the container to the union of its variations (page coordinates), axis-aligned on the
 * page, without moving any variation on the page.
 */
export function fitContainer(container: FrameNode): void {
  const union = unionOfRects(container.children.map((kid) => kid.absoluteBoundingBox as Rect));
  if (!union || !container.parent) return;
  const absolute = container.children.map((kid) => kid.absoluteTransform);
  container.resizeWithoutConstraints(Math.max(0.01, union.width), Math.max(0.01, union.height));
  container.relativeTransform = relativeTransformForPageBox(union, absoluteTransformOf(coordinateSpaceOf(container.parent)));
  keepAbsolute(container, absolute);
}

/** True when the container already sits where `point` would insert: next to it on the behind side. */
export function sitsAt(container: FrameNode, point: InsertionPoint): boolean {
  const index = point.parent.children.indexOf(container);
  return container.parent === point.parent && (index === point.index - 1 || index === point.index);
}

/**
 * Moves the container to `point` (the layer moved, or a job chose another placement), keeping
 * every variation where it is on the page. Within the same parent, `afterRemoval` reads the
 * index as counted without the container (whether Figma counts it is not documented).
 */
export function moveContainer(container: FrameNode, point: InsertionPoint, afterRemoval: boolean): void {
  const absolute = container.children.map((kid) => kid.absoluteTransform);
  const index = afterRemoval && container.parent === point.parent && point.parent.children.indexOf(container) < point.index ? point.index - 1 : point.index;
  point.parent.insertChild(Math.min(index, point.parent.children.length), container);
  if (hasAutoLayout(point.parent)) container.layoutPositioning = 'ABSOLUTE';
  keepAbsolute(container, absolute);
  fitContainer(container);
}

/** Shows `chosen` (and the container holding it) and hides every other variation. */
export function showOnly(variations: FrameNode[], chosen: FrameNode): void {
  for (const frame of variations) if (frame !== chosen && frame.visible) frame.visible = false;
  chosen.visible = true;
  const parent = chosen.parent;
  if (parent && isBackdropContainer(parent) && !(parent as FrameNode).visible) (parent as FrameNode).visible = true;
}

/**
 * Removes one job's hidden variations of a layer set (and a container left empty); returns the
 * ids of the frames removed. Other jobs' variations of the layer stay: the designer asks from a
 * job's card, and a card whose frames vanished through another card's button only confused.
 */
export function removeHiddenVariations(page: PageNode, layerIds: ReadonlyArray<string>, jobId: string): string[] {
  const hidden = findVariations(page, layerIds).filter((frame) => !frame.visible && readMetadata(frame)?.jobId === jobId);
  const ids = hidden.map((frame) => frame.id);
  for (const frame of hidden) frame.remove();
  const container = findContainer(page, layerIds);
  if (container) {
    if (container.children.length === 0) container.remove();
    else if (hidden.length > 0) fitContainer(container);
  }
  return ids;
}
