// Data shapes shared by the UI and the main thread (boxes, areas, jobs, settings), as zod/mini
// schemas plus their types. The main thread bundles these, so they stay small and ES2017-safe.
import * as z from 'zod/mini';
import { RESIZE_MODES } from '../contract/resize-mode';
import { JOB_STAGES } from './job-kinds';
import { JOB_STATES } from './job-lifecycle';
import { AREA_ASPECTS, AREA_KINDS, AREA_PADDINGS, PLACEMENTS } from './area-choices';
import { isBytes } from './is-bytes';

/** An image crossing the message boundary; checked by tag so it also works across realms. */
export const Bytes = z.custom<Uint8Array>(isBytes, 'expected a Uint8Array');

/** A rectangle; page (absolute) coordinates unless a field says otherwise. */
export const Box = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
export type Box = z.infer<typeof Box>;

export const Size = z.object({ width: z.number(), height: z.number() });
export type Size = z.infer<typeof Size>;

const ResizeModeSchema = z.enum(RESIZE_MODES);


/** What the designer chose as the backdrop area; the UI resolves it to a Box. */
export const AreaSpec = z.object({
  kind: z.enum(AREA_KINDS),
  padding: z.optional(z.literal(AREA_PADDINGS)),
  aspect: z.optional(z.enum(AREA_ASPECTS)),
  width: z.optional(z.number()),
  height: z.optional(z.number()),
});
export type AreaSpec = z.infer<typeof AreaSpec>;

export const Placement = z.enum(PLACEMENTS);
export type Placement = z.infer<typeof Placement>;

/** The states and their transitions live in job-lifecycle.ts. */
const JobState = z.enum(JOB_STATES);
type JobState = z.infer<typeof JobState>;

/** Designer-facing message plus the developer detail. */
export const ErrorInfo = z.object({ message: z.string(), detail: z.optional(z.string()) });
export type ErrorInfo = z.infer<typeof ErrorInfo>;

/** Any plain record: GenerateBackgrounds params without images, form values. */
const LooseRecord = z.looseObject({});

/** The stages (kinds of job) live in job-kinds.ts; absent means generate. */
const JobStage = z.enum(JOB_STAGES);
type JobStage = z.infer<typeof JobStage>;

/** What a job's cut-out stage did, kept after it moves on to generating. */
const CutoutRecord = z.object({
  /** The opaque layers the cut-outs were made from, in the order of the task's images. */
  originalIds: z.array(z.string()),
  /** The cut-out layer placed for each original, same order; empty until placed. */
  placedIds: z.array(z.string()),
  /** Move on to GenerateBackgrounds with the cut-outs once they are placed. */
  thenGenerate: z.boolean(),
  /** The cut-out task, once the job has moved on to generating (taskUid then is the generate task). */
  taskUid: z.optional(z.string()),
  consumeApiPoint: z.optional(z.number()),
  /** Images the generate stage will ask for (BatchSize of the stored params). */
  generateCount: z.optional(z.number()),
});

/** The background a clean plate is made from: a placed variation of another job. */
const PlateSource = z.object({ sourceJobId: z.string(), sourceImageIndex: z.number() });

/** One generation job, persisted by main in clientStorage and mirrored in the UI. Never holds images. */
export const JobRecord = z.object({
  id: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  state: JobState,
  taskUid: z.optional(z.string()),
  pageId: z.string(),
  layerIds: z.array(z.string()),
  lowestLayerId: z.string(),
  frameId: z.nullable(z.string()),
  area: Box,
  areaSpec: AreaSpec,
  placement: Placement,
  output: Size,
  foreground: Size,
  resizeMode: ResizeModeSchema,
  params: LooseRecord,
  label: z.string(),
  imageCount: z.number(),
  placedImages: z.array(z.number()),
  placedNodeIds: z.array(z.string()),
  visibleIndex: z.optional(z.number()),
  /**
   * When main last showed one of this job's variations on the canvas (its first placement, or Use
   * this). Of the jobs of one layer, only the latest shown is the one the canvas shows.
   */
  shownAt: z.optional(z.number()),
  seed: z.optional(z.number()),
  consumeApiPoint: z.optional(z.number()),
  error: z.optional(ErrorInfo),
  /** Sending timed out: PICPIK may have accepted the job, so it must be checked before a retry. */
  outcomeUnknown: z.optional(z.boolean()),
  /** When the job reached a final state: its elapsed time, unchanged by later edits (Use this). */
  finishedAt: z.optional(z.number()),
  /** Where the job came from, for the jobs list: "Banner · Sneaker" (frame, then layers). */
  sourceLabel: z.optional(z.string()),
  /** The stage running now; absent means generate (jobs stored before stages existed). */
  stage: z.optional(JobStage),
  cutout: z.optional(CutoutRecord),
  /** Make a clean plate of the shown variation once the backgrounds are placed. */
  cleanPlate: z.optional(z.boolean()),
  plate: z.optional(PlateSource),
});
export type JobRecord = z.infer<typeof JobRecord>;

export const Settings = z.object({
  relayUrl: z.string(),
  token: z.string(),
  lastParams: z.optional(LooseRecord),
  teamRelayUrl: z.optional(z.string()),
  /** Whether the Generate tab's Advanced section is open. */
  advancedOpen: z.optional(z.boolean()),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = z.partial(Settings);
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** What a "Regenerate" relaunch hands the UI: the stored request of a Backdrop frame or source layer. */
export const RegenerateSeed = z.object({
  params: LooseRecord,
  layerIds: z.array(z.string()),
  area: z.optional(Box),
  areaSpec: z.optional(AreaSpec),
  placement: z.optional(Placement),
  resizeMode: z.optional(ResizeModeSchema),
  output: z.optional(Size),
  label: z.optional(z.string()),
  sourceJobId: z.optional(z.string()),
});
export type RegenerateSeed = z.infer<typeof RegenerateSeed>;
