// What a designer reads when PICPIK's task detail is not a plain success: a failure, or a Status
// string Backdrop does not know (shown as it came, so nothing PICPIK says is hidden).
import type { TaskDetail } from '../../src/contract/schemas';
import { FINISHED_WITHOUT_IMAGES_MESSAGE, isFinishedWithoutImages } from '../../src/contract/task-status';
import type { ErrorInfo } from '../../src/protocol/shapes';

function developerDetail(detail: TaskDetail): string {
  return `Status ${JSON.stringify(detail.Status)}, ErrorCode ${detail.ErrorCode}, ${detail.ImgList.length} images, TaskUID ${detail.TaskUID}`;
}

export function failedTaskError(detail: TaskDetail): ErrorInfo {
  const message = isFinishedWithoutImages(detail)
    ? FINISHED_WITHOUT_IMAGES_MESSAGE
    : `PICPIK could not generate this background${detail.ErrorMassage ? `: ${detail.ErrorMassage}` : ''}`;
  return { message, detail: developerDetail(detail) };
}

/** Still waiting (`overdue` false) or given up (`overdue` true) on an unknown Status. */
export function unknownStatusError(detail: TaskDetail, overdue: boolean): ErrorInfo {
  const shown = JSON.stringify(detail.Status);
  const message = overdue
    ? `PICPIK still reports the status ${shown}, which Backdrop does not know, long after this job should have finished: generate it again`
    : `PICPIK reports the status ${shown}, which Backdrop does not know: still waiting`;
  return { message, detail: developerDetail(detail) };
}
