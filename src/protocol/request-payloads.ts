// Payload schema of every UI -> main request. Split from the result schemas so the main thread
// bundles only what it validates.
import * as z from 'zod/mini';
import { MAX_EXPORT_SCALE } from './export-scale';
import { Box, Bytes, JobRecord, Placement, SettingsPatch } from './shapes';

const Empty = z.object({});

export const REQUEST_PAYLOADS = {
  init: Empty,
  getSelection: Empty,
  exportLayer: z.object({
    layerId: z.string(),
    area: Box,
    /** Output pixels per canvas unit. */
    scale: z.number().check(z.positive(), z.lte(MAX_EXPORT_SCALE)),
  }),
  hiddenLayers: z.object({ layerIds: z.array(z.string()), area: Box, placement: Placement }),
  saveJob: z.object({ job: JobRecord }),
  removeJob: z.object({ jobId: z.string() }),
  placeImage: z.object({
    jobId: z.string(),
    imageIndex: z.number().check(z.int(), z.nonnegative()),
    png: Bytes,
    seed: z.optional(z.number()),
  }),
  showVariation: z.object({ jobId: z.string(), imageIndex: z.number().check(z.int(), z.nonnegative()) }),
  /** Removes the hidden Backdrop variations of the job's layer (every job's), in one undo step. */
  deleteUnusedVariations: z.object({ jobId: z.string() }),
  /** The image of one placed Backdrop frame (from its fill), for the jobs list. */
  frameThumbnail: z.object({ nodeId: z.string() }),
  saveSettings: z.object({ settings: SettingsPatch }),
  saveTeamRelayUrl: z.object({ relayUrl: z.string() }),
  notify: z.object({ message: z.string(), error: z.optional(z.boolean()) }),
  selectLayers: z.object({ ids: z.array(z.string()) }),
  resize: z.object({
    width: z.number().check(z.gte(200), z.lte(1200)),
    height: z.number().check(z.gte(200), z.lte(1400)),
  }),
};

