// A clean plate (the background with the subject erased) is one more variation of the Backdrop
// it was made from: placed by the same function that places every variation, then shown in place
// of the variation it was made from, as "Use this" would.
import type { JobRecord } from '../protocol/shapes';
import { findJobFrames, placeBackgroundAsync, type PlacementResult } from './place-background';

export async function placePlateAsync(api: PluginAPI, job: JobRecord, source: JobRecord | undefined, png: Uint8Array): Promise<PlacementResult> {
  const placement = await placeBackgroundAsync(api, job, 0, png, undefined);
  if (placement.alreadyPlaced || !source) return placement;
  const plate = await api.getNodeByIdAsync(placement.nodeId);
  const page = await api.getNodeByIdAsync(job.pageId);
  if (!plate || !page || page.type !== 'PAGE') return placement;
  // The source's frames stay (the designer may go back to one with Use this), hidden.
  for (const frame of findJobFrames(page, source)) if (frame.visible) frame.visible = false;
  if ('visible' in plate) plate.visible = true;
  return placement;
}
