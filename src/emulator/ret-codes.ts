// Every RetCode and task ErrorCode the emulator answers with, in one table, so the relay, the
// plugin and the README can rely on fixed values. PICPIK publishes no code table of its own.

/** Response-level RetCodes (HTTP 200 unless noted). */
export const RET_CODES = {
  /** Success. */
  ok: 0,
  /** The body is not a JSON object. */
  malformedRequest: 100,
  /** `Action` is missing or names an action the emulator does not know. */
  unknownAction: 150,
  /** `Signature` is missing or does not match the parameters signed with the private key. */
  badSignature: 160,
  /** `PublicKey` is missing or not the configured one. */
  unknownPublicKey: 171,
  /** A parameter fails validation; the Message names the field and the rule. */
  invalidParam: 230,
  /** The foreground image is not a PNG with an alpha channel. */
  foregroundNotTransparentPng: 231,
  /** An ImageIndex points outside ImageList. */
  imageIndexOutOfRange: 232,
  /** An image in ImageList cannot be decoded. */
  undecodableImage: 233,
  /** TerminateTask names a TaskUID the emulator does not hold. */
  taskNotFound: 240,
  /** TerminateTask on a task that already finished or failed. */
  taskAlreadyEnded: 241,
  /** Not enough credits left for the submitted task. */
  insufficientCredits: 290,
  /** The request body exceeds the emulator's limit (sent with HTTP 413). */
  bodyTooLarge: 413,
  /** Rate limit exceeded (sent with HTTP 429 and Retry-After). */
  rateLimited: 429,
  /** Unexpected emulator failure. */
  internalError: 500,
} as const;

/** Task-level ErrorCodes reported in TaskDetail.ErrorCode (0 = no error). */
export const TASK_ERROR_CODES = {
  none: 0,
  /** The task was stopped by TerminateTask (Status 'Error'). */
  terminated: 4001,
  /** Returned for TaskUIDs that are unknown or already evicted (Status 'Error'). */
  taskNotFound: 4040,
  /** Default code of failures injected by EMULATOR_FAIL_TASK_RATE. */
  injectedFailure: 5001,
  /** Rendering the images failed (e.g. an image could not be decoded). */
  renderFailed: 5002,
} as const;
