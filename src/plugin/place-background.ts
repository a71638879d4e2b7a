// Turns one result image into a frame in the layer's Backdrop container (directly behind the
// layer), aligned so the subject lands on its area; idempotent (an image already placed is found
// by its plugin data and reused).
import { readPngInfo } from '../contract/png-header';
import { ProtocolError } from '../protocol/protocol-error';
import type { Box, JobRecord, Size } from '../protocol/shapes';
import { backgroundFrameBox, keepsImageAspect } from './background-frame-box';
import { relativeTransformForPageBox } from './box-geometry';
import { METADATA_KEY, findNodesWithMetadata, metadataForJob, readMetadata, readMetadataText, serializeMetadata, writeMetadataText } from './backdrop-metadata';
import { SHARED_NAMESPACE } from './shared-namespace';
import { insertionPointAtBottom, insertionPointBehind, insertionPointFor } from './insertion-point';
import { containerName, findContainer, findVariations, fitContainer, insertContainer, moveContainer, REGENERATE_DESCRIPTION, showOnly, sitsAt } from './backdrop-container';
import type { InsertionPoint } from './insertion-point';
import { absoluteTransformOf, coordinateSpaceOf, hasAutoLayout, pageOf, sortByPaintOrder } from './scene-tree';

const MAX_LABEL_CHARS = 40;

export interface PlacementResult {
  nodeId: string;
  alreadyPlaced: boolean;
  notes: string[];
}

/**
 * A variation's short name inside its container: "beach · seed 1234", or "beach · 2/4 · seed 1234"
 * for one of several: a task's images share its seed, so the number tells them apart in the layers list.
 */
function backgroundFrameName(job: JobRecord, imageIndex: number, seed: number | undefined): string {
  const label = job.label.length > MAX_LABEL_CHARS ? job.label.slice(0, MAX_LABEL_CHARS - 1) + '…' : job.label;
  const parts = [label || 'Variation'];
  if (job.imageCount > 1) parts.push(imageIndex + 1 + '/' + job.imageCount);
  if (seed !== undefined) parts.push('seed ' + seed);
  return parts.join(' · ');
}

function isLive(node: BaseNode | null): node is SceneNode {
  return node !== null && !node.removed && node.type !== 'PAGE' && node.type !== 'DOCUMENT';
}

async function jobPageAsync(api: PluginAPI, job: JobRecord, notes: string[]): Promise<PageNode> {
  const page = await api.getNodeByIdAsync(job.pageId);
  if (page && page.type === 'PAGE' && !page.removed) return page;
  notes.push("The job's page was deleted: the background was placed on the current page.");
  return api.currentPage;
}

/** Frames of this job on the page, found by plugin data (so a restarted plugin sees them too). */
export function findJobFrames(page: PageNode, job: JobRecord): FrameNode[] {
  return findNodesWithMetadata(page, ['FRAME']).filter((node): node is FrameNode => {
    if (node.type !== 'FRAME') return false;
    // Most Backdrop frames on a page belong to other jobs: skip them without parsing their JSON.
    const text = readMetadataText(node);
    if (text.indexOf(job.id) < 0 && (job.taskUid === undefined || text.indexOf(job.taskUid) < 0)) return false;
    const metadata = readMetadata(node);
    return metadata !== null && metadata.role === 'background' && (metadata.jobId === job.id || (job.taskUid !== undefined && metadata.taskUid === job.taskUid));
  });
}

/** The job's layers as they are now, lowest first; a layer on another page counts as moved. */
async function liveLayersAsync(api: PluginAPI, job: JobRecord, page: PageNode): Promise<{ layers: SceneNode[]; moved: boolean }> {
  const ids = [job.lowestLayerId].concat(job.layerIds.filter((id) => id !== job.lowestLayerId));
  const layers: SceneNode[] = [];
  let moved = false;
  for (const id of ids) {
    const node = await api.getNodeByIdAsync(id);
    if (!isLive(node)) continue;
    const nodePage = pageOf(node);
    if (nodePage && nodePage.id === page.id) layers.push(node);
    else moved = true;
  }
  return { layers, moved };
}

async function anchorPointAsync(
  api: PluginAPI,
  job: JobRecord,
  page: PageNode,
  live: { layers: SceneNode[]; moved: boolean },
  notes: string[],
): Promise<InsertionPoint> {
  const frameNode = job.frameId ? await api.getNodeByIdAsync(job.frameId) : null;
  const framePage = isLive(frameNode) ? pageOf(frameNode) : null;
  const frame = isLive(frameNode) && framePage && framePage.id === page.id ? frameNode : null;
  const target = live.layers[0];
  if (target) {
    const point = insertionPointFor(target, job.placement, frame);
    if (point) return point;
  }
  notes.push(
    live.moved
      ? 'The layer moved to another page: the background was placed at its last spot.'
      : 'The layer was deleted: the background was placed at its last spot.',
  );
  const atBottom = frame ? insertionPointAtBottom(frame) : null;
  return atBottom || { parent: page, index: page.children.length };
}

function imagePaint(imageHash: string, box: Box, image: Size): ImagePaint {
  if (keepsImageAspect(box, image)) return { type: 'IMAGE', imageHash, scaleMode: 'FILL' };
  // A stretched image (JustResize with differing aspects): CROP with the identity maps it onto the frame.
  return { type: 'IMAGE', imageHash, scaleMode: 'CROP', imageTransform: [[1, 0, 0], [0, 1, 0]] };
}

/** A frame showing the image over `box` (page coordinates), inserted at `point`. */
function insertBackgroundFrame(api: PluginAPI, point: InsertionPoint, box: Box, imageHash: string, image: Size): FrameNode {
  const frame = api.createFrame();
  point.parent.insertChild(Math.min(point.index, point.parent.children.length), frame);
  // Out of the flow first, or the frame would push its auto-layout siblings around.
  if (hasAutoLayout(point.parent)) frame.layoutPositioning = 'ABSOLUTE';
  frame.resize(Math.max(0.01, box.width), Math.max(0.01, box.height));
  frame.relativeTransform = relativeTransformForPageBox(box, absoluteTransformOf(coordinateSpaceOf(point.parent)));
  frame.fills = [imagePaint(imageHash, box, image)];
  frame.clipsContent = true;
  frame.locked = false;
  return frame;
}

export function createImageOrThrow(api: PluginAPI, png: Uint8Array): Image {
  try {
    return api.createImage(png);
  } catch (error) {
    const text = String(error);
    const message = /large/i.test(text)
      ? 'The background is larger than Figma accepts (4096 px per side).'
      : 'Figma could not read the background image.';
    throw new ProtocolError(message, 'createImage: ' + text);
  }
}

function markSourceLayers(layers: SceneNode[], job: JobRecord): void {
  const data = serializeMetadata(metadataForJob(job, 'source'));
  for (const layer of layers) {
    // Every image of a job marks the same layers the same way: write only what changes.
    if (layer.getSharedPluginData(SHARED_NAMESPACE, METADATA_KEY) === data) continue;
    try {
      writeMetadataText(layer, data);
      layer.setRelaunchData({ regenerate: REGENERATE_DESCRIPTION });
    } catch {
      // Layers inside instances may refuse; the frames still carry everything.
    }
  }
}

export async function placeBackgroundAsync(api: PluginAPI, job: JobRecord, imageIndex: number, png: Uint8Array, seed: number | undefined): Promise<PlacementResult> {
  const notes: string[] = [];
  const page = await jobPageAsync(api, job, notes);
  await page.loadAsync();
  const jobFrames = findJobFrames(page, job);
  for (const frame of jobFrames) {
    const metadata = readMetadata(frame);
    if (metadata && metadata.imageIndex === imageIndex) return { nodeId: frame.id, alreadyPlaced: true, notes };
  }
  const recorded = job.placedImages.indexOf(imageIndex);
  if (recorded >= 0) {
    // Placed before, then deleted or moved by the designer: never place it twice.
    notes.push('This result was placed before; it is not placed again.');
    return { nodeId: job.placedNodeIds[recorded] || '', alreadyPlaced: true, notes };
  }
  const image = createImageOrThrow(api, png);
  const info = readPngInfo(png);
  const imageSize = info ? { width: info.width, height: info.height } : await image.getSizeAsync();
  const box = backgroundFrameBox(job.area, job.foreground, job.output, job.resizeMode);
  const live = await liveLayersAsync(api, job, page);
  let container = findContainer(page, job.layerIds);
  if (!container) {
    const anchor = await anchorPointAsync(api, job, page, live, notes);
    container = insertContainer(api, anchor, box, job.layerIds, containerName(live.layers.map((layer) => layer.name)));
  } else if (jobFrames.length === 0 && live.layers.length > 0) {
    // A new job puts the layer's Backdrop where its placement says (the layer may have moved);
    // checked after the move, so either reading of a same-parent index ends in the right spot.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const point = await anchorPointAsync(api, job, page, live, attempt === 0 ? notes : []);
      if (sitsAt(container, point)) break;
      moveContainer(container, point, attempt === 1);
    }
  }
  // A new job goes on top of the container; its later results go right below its lowest one.
  const stackTop = sortByPaintOrder(jobFrames.filter((other) => other.parent === container))[0];
  const point = (stackTop && insertionPointBehind(stackTop)) || { parent: container, index: container.children.length };
  const frame = insertBackgroundFrame(api, point, box, image.hash, imageSize);
  frame.name = backgroundFrameName(job, imageIndex, seed);
  fitContainer(container);
  // The first result of a job is the one shown; the layer's other variations are hidden.
  if (jobFrames.length === 0) showOnly(findVariations(page, job.layerIds).concat([frame]), frame);
  else frame.visible = false;
  writeMetadataText(frame, serializeMetadata(metadataForJob(job, 'background', imageIndex, seed)));
  frame.setRelaunchData({ regenerate: REGENERATE_DESCRIPTION });
  markSourceLayers(live.layers, job);
  return { nodeId: frame.id, alreadyPlaced: false, notes };
}
