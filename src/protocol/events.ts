// Payload schema of every main -> UI event (fire-and-forget).
import * as z from 'zod/mini';
import { JobRecord } from './shapes';
import { SelectionState } from './selection-shapes';

export const EVENTS = {
  selectionChanged: SelectionState,
  jobsChanged: z.object({ jobs: z.array(JobRecord) }),
};
