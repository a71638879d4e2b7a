// Fault-injection settings: what the emulator does wrong on purpose so clients can be tested
// against slow, failing and flaky upstreams. Shared by env loading and the admin endpoint.
import { z } from 'zod';

const rate = z.number().min(0, 'must be at least 0').max(1, 'must be at most 1');
const millis = z.number().int('must be an integer').min(0, 'must be at least 0').max(600_000, 'must be at most 600000');

export const FaultConfigSchema = z.strictObject({
  /** Extra delay before every answer to POST / and to image downloads (those the faults apply to). */
  latencyMs: millis.default(0),
  /** Share of tasks that end with Status 'Error' and `failErrorCode`. */
  failTaskRate: rate.default(0),
  failErrorCode: z.number().int().min(1, 'must be a non-zero code').default(5001),
  /** ErrorMassage of those tasks. */
  failErrorMessage: z.string().min(1, 'must not be empty').max(500, 'must be at most 500 characters').default('task failed (injected fault)'),
  /** Share of tasks that end with Status 'Finished' and an empty ImgList (charging nothing). */
  finishEmptyRate: rate.default(0),
  /** Share of tasks that report `unknownStatus` instead of 'Running' while they run. */
  unknownStatusRate: rate.default(0),
  /** A Status string clients cannot know, e.g. 'Upscaling'. */
  unknownStatus: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters').default('Upscaling'),
  /** List unknown TaskUIDs in ListTasksDetails as Status 'Error', ErrorMassage 'task not found', instead of leaving them out. */
  listUnknownTasks: z.boolean().default(false),
  /** Share of requests answered with HTTP 500. */
  http500Rate: rate.default(0),
  /** Share of requests whose connection is destroyed without an answer. */
  dropRate: rate.default(0),
  /** Time over which the response body is trickled out in small pieces. */
  slowMs: millis.default(0),
  /** Non-zero: task submissions (GenerateBackgrounds, RemoveBackground, RemoveBackgroundsInBatch, RemoveContents) answer this RetCode (at `submitRetCodeRate`). */
  submitRetCode: z.number().int().min(0).default(0),
  submitRetCodeRate: rate.default(1),
  /** POST / requests allowed per sliding minute (0 = unlimited); more are answered with HTTP 429. */
  rateLimitPerMin: z.number().int().min(0).default(0),
  /** Actions the faults apply to (empty = all; 'Image' = result image downloads). */
  actions: z.array(z.string().min(1)).default([]),
  /** Seed of the PRNG deciding which requests/tasks are hit, so runs are reproducible. */
  seed: z.number().int().default(1),
});
export type FaultConfig = z.infer<typeof FaultConfigSchema>;
export type FaultConfigInput = z.input<typeof FaultConfigSchema>;

export const NO_FAULTS: FaultConfig = FaultConfigSchema.parse({});

/** Formats zod issues as "path: message" lines naming each field. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('; ');
}
