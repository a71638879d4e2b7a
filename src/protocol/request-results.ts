// Result schema of every UI -> main request; the UI validates replies against these.
import * as z from 'zod/mini';
import { Box, Bytes, JobRecord, RegenerateSeed, Settings } from './shapes';
import { NodeRef, SelectionState } from './selection-shapes';

const Ok = z.object({ ok: z.literal(true) });

export const REQUEST_RESULTS = {
  init: z.object({
    settings: Settings,
    jobs: z.array(JobRecord),
    selection: SelectionState,
    /** figma.command: 'open', 'regenerate' or ''. */
    command: z.string(),
    regenerate: z.optional(RegenerateSeed),
    teamRelayUrl: z.optional(z.string()),
  }),
  getSelection: SelectionState,
  exportLayer: z.object({
    layerId: z.string(),
    png: Bytes,
    pixelWidth: z.number(),
    pixelHeight: z.number(),
    /** Where the exported pixels sit, relative to the area's top-left, in canvas units. */
    box: Box,
    scale: z.number(),
  }),
  hiddenLayers: z.object({
    hidden: z.array(NodeRef),
    /** The layer's own Backdrop variations shown now (in its container, or loose from earlier versions): the new background replaces them. */
    previous: z.array(NodeRef),
  }),
  saveJob: Ok,
  removeJob: Ok,
  placeImage: z.object({
    nodeId: z.string(),
    alreadyPlaced: z.boolean(),
    notes: z.array(z.string()),
    job: JobRecord,
  }),
  showVariation: z.object({ job: JobRecord }),
  /** The frames removed (every job's hidden variations of the layer): the jobs list stops offering them. */
  deleteUnusedVariations: z.object({ removed: z.number().check(z.int(), z.nonnegative()), removedNodeIds: z.array(z.string()) }),
  /** The frame's image bytes as placed (PNG, JPEG or GIF), full size: the UI shrinks them. */
  frameThumbnail: z.object({ nodeId: z.string(), image: Bytes }),
  saveSettings: z.object({ settings: Settings }),
  saveTeamRelayUrl: Ok,
  notify: Ok,
  selectLayers: Ok,
  resize: Ok,
};
