// Turns one RemoveBackground result into a cut-out layer exactly over its opaque original: same
// parent, same transform, same size, named "<name> (cut-out)", with the original hidden right
// below it so nothing is lost. Idempotent: a cut-out already placed is found by its marker.
import { ProtocolError } from '../protocol/protocol-error';
import type { JobRecord } from '../protocol/shapes';
import { createImageOrThrow, type PlacementResult } from './place-background';
import { SHARED_NAMESPACE } from './shared-namespace';
import { relativeTransformForPageBox } from './box-geometry';
import { absoluteTransformOf, coordinateSpaceOf, drawsFirstChildOnTop, hasAutoLayout, isInsideInstance } from './scene-tree';

/** Shared plugin data key on a cut-out layer; the value is `<jobId>:<imageIndex>`. */
const CUTOUT_KEY = 'backdrop-cutout';
const CUTOUT_SUFFIX = ' (cut-out)';

function cutoutMarker(job: JobRecord, imageIndex: number): string {
  return job.id + ':' + imageIndex;
}

function findPlacedCutout(page: PageNode, marker: string): SceneNode | null {
  const found = page.findAllWithCriteria({ types: ['RECTANGLE'], sharedPluginData: { namespace: SHARED_NAMESPACE, keys: [CUTOUT_KEY] } });
  for (const node of found) if (node.getSharedPluginData(SHARED_NAMESPACE, CUTOUT_KEY) === marker) return node;
  return null;
}

async function jobPageAsync(api: PluginAPI, job: JobRecord): Promise<PageNode> {
  const page = await api.getNodeByIdAsync(job.pageId);
  if (!page || page.type !== 'PAGE' || page.removed) throw new ProtocolError("The cut-out's page was deleted: nothing was placed.", 'placeCutout: page ' + job.pageId);
  await page.loadAsync();
  return page;
}

async function originalLayerAsync(api: PluginAPI, id: string): Promise<SceneNode & LayoutMixin> {
  const node = await api.getNodeByIdAsync(id);
  if (!node || node.removed || node.type === 'PAGE' || node.type === 'DOCUMENT' || !('relativeTransform' in node) || !node.parent) {
    throw new ProtocolError('The layer the cut-out was made from was deleted: nothing was placed.', 'placeCutout: layer ' + id + ' is gone');
  }
  // Nodes inside instances accept no new siblings: an instance and everything in it take no new children.
  if (isInsideInstance(node.parent)) throw new ProtocolError('The layer is inside an instance: Figma cannot add the cut-out next to it.', 'placeCutout: ' + id + ' is inside an instance');
  return node as SceneNode & LayoutMixin;
}

export async function placeCutoutAsync(api: PluginAPI, job: JobRecord, imageIndex: number, png: Uint8Array): Promise<PlacementResult> {
  const cutout = job.cutout;
  const originalId = cutout ? cutout.originalIds[imageIndex] : undefined;
  if (!cutout || originalId === undefined) throw new ProtocolError('Backdrop got a cut-out it did not ask for.', 'placeCutout: no original for image ' + imageIndex);
  const page = await jobPageAsync(api, job);
  const marker = cutoutMarker(job, imageIndex);
  const existing = findPlacedCutout(page, marker);
  if (existing) return { nodeId: existing.id, alreadyPlaced: true, notes: [] };
  const recorded = job.placedImages.indexOf(imageIndex);
  if (recorded >= 0) return { nodeId: job.placedNodeIds[recorded] || '', alreadyPlaced: true, notes: ['This cut-out was placed before; it is not placed again.'] };
  const original = await originalLayerAsync(api, originalId);
  const parent = original.parent as BaseNode & ChildrenMixin;
  const image = createImageOrThrow(api, png);
  const layer = api.createRectangle();
  // Right above the original in paint order (with itemReverseZIndex the first child is on top).
  const index = parent.children.indexOf(original);
  parent.insertChild(drawsFirstChildOnTop(parent) ? index : index + 1, layer);
  // Out of the flow, or it would take a slot of its own in the auto layout instead of covering the original.
  if (hasAutoLayout(parent) && !('layoutPositioning' in original && original.layoutPositioning === 'ABSOLUTE')) layer.layoutPositioning = 'ABSOLUTE';
  const t = original.relativeTransform;
  if (Math.abs(t[0][1]) < 1e-9 && Math.abs(t[1][0]) < 1e-9 && t[0][0] > 0 && t[1][1] > 0) {
    layer.resize(Math.max(0.01, original.width), Math.max(0.01, original.height));
    layer.relativeTransform = t;
  } else {
    // A rotated original exports as its axis-aligned bounds (useAbsoluteBounds): the cut-out
    // covers exactly those bounds, unrotated, so its pixels land on the original's.
    const box = original.absoluteBoundingBox as Rect;
    layer.resize(Math.max(0.01, box.width), Math.max(0.01, box.height));
    layer.relativeTransform = relativeTransformForPageBox(box, absoluteTransformOf(coordinateSpaceOf(parent)));
  }
  layer.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }];
  layer.name = original.name + CUTOUT_SUFFIX;
  layer.setSharedPluginData(SHARED_NAMESPACE, CUTOUT_KEY, marker);
  // Hidden, not deleted: the designer can show it again; one undo removes the cut-out and shows it.
  original.visible = false;
  return { nodeId: layer.id, alreadyPlaced: false, notes: [] };
}

/**
 * After the last cut-out of a job: where the designer still has the (now hidden) originals
 * selected, the selection moves to their cut-outs, so the next Generate works on the cut-outs.
 */
export function selectCutoutsOf(api: PluginAPI, job: JobRecord): void {
  const cutout = job.cutout;
  if (!cutout) return;
  const selection = api.currentPage.selection;
  let changed = false;
  const next = selection.map((node) => {
    const at = cutout.originalIds.indexOf(node.id);
    const replacement = at >= 0 ? api.currentPage.findOne((candidate) => candidate.id === cutout.placedIds[at]) : null;
    if (!replacement) return node;
    changed = true;
    return replacement;
  });
  if (changed) api.currentPage.selection = next;
}
