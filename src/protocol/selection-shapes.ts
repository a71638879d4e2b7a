// Shapes describing the current selection as the main thread sees it: layers, their frame
// ancestors, and the jobs (groups) a multi-selection turns into.
import * as z from 'zod/mini';
import { Box } from './shapes';

export const NodeRef = z.object({ id: z.string(), name: z.string() });
export type NodeRef = z.infer<typeof NodeRef>;

const FrameAncestor = z.object({ id: z.string(), name: z.string(), type: z.string(), box: Box });

export const SelectedLayer = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  pageId: z.string(),
  /** absoluteBoundingBox: axis-aligned, page coordinates, rotation included. */
  box: Box,
  /** absoluteRenderBounds (shadows, strokes) or box. */
  renderBox: Box,
  rotation: z.number(),
  frameAncestor: z.nullable(FrameAncestor),
  usable: z.boolean(),
  reason: z.optional(z.string()),
});
export type SelectedLayer = z.infer<typeof SelectedLayer>;

const HiddenBehind = z.object({ behind: z.array(NodeRef), bottom: z.array(NodeRef) });

/**
 * The outermost main component (or, for a variant, its component set) holding a layer: anything
 * added inside it shows in every instance.
 */
const MainComponentRef = z.object({ id: z.string(), name: z.string(), variant: z.boolean() });

/** One job's worth of selected layers: those sharing a frame ancestor, or one layer on the page. */
export const LayerGroup = z.object({
  key: z.string(),
  /** Set when the lowest layer sits inside a main component or a variant. */
  mainComponent: z.optional(MainComponentRef),
  /** Bottom-most first (document paint order). */
  layerIds: z.array(z.string()),
  frame: z.nullable(z.object({ id: z.string(), name: z.string(), box: Box })),
  lowestLayerId: z.string(),
  hiddenBehind: HiddenBehind,
});
export type LayerGroup = z.infer<typeof LayerGroup>;

export const SelectionState = z.object({
  layers: z.array(SelectedLayer),
  groups: z.array(LayerGroup),
  problem: z.optional(z.string()),
});
export type SelectionState = z.infer<typeof SelectionState>;
