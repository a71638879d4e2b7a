// The one error type crossing the boundary: a designer-facing message plus a developer detail.

/** main's answer for a placed frame that is no longer in the document (the jobs list stops offering it). */
export const FRAME_DELETED_MESSAGE = 'That background was deleted.';

/** Whether a failed request was main saying the frame asked for is gone. */
export function isFrameDeleted(error: unknown): boolean {
  return error instanceof Error && error.message === FRAME_DELETED_MESSAGE;
}

export class ProtocolError extends Error {
  readonly detail: string | undefined;

  constructor(message: string, detail?: string) {
    super(message);
    this.name = 'ProtocolError';
    this.detail = detail;
  }
}

/** Any thrown value as { message, detail }; unknown errors get a generic designer-facing text. */
export function toErrorInfo(error: unknown): { message: string; detail?: string } {
  if (error instanceof ProtocolError) {
    return error.detail === undefined ? { message: error.message } : { message: error.message, detail: error.detail };
  }
  const detail = error instanceof Error ? error.name + ': ' + error.message : String(error);
  return { message: 'Something went wrong in the plugin. Try again.', detail };
}
