// Credits per designer, from the ConsumeApiPoint of each task when a ListTasksDetails answer
// (from any replica) shows it finished. The store counts a task once; this process also skips
// tasks it has already recorded, so steady polling costs no extra writes.
import { classifyTaskStatus, isUnknownTaskEntry } from '../../contract/task-status';
import type { RelayStore } from '../store/relay-store';

const RECORDED_MEMORY = 5000;

/** `onEnded` hears every ended task recorded, whichever replica recorded it first; `onRecorded` only the first time. */
export function createUsageRecorder(
  store: RelayStore,
  now: () => number,
  onRecorded: (taskUid: string, credits: number) => void = () => undefined,
  onEnded: (taskUid: string) => void = () => undefined,
) {
  const recorded = new Set<string>();
  return {
    async recordFromAnswerAsync(answer: Record<string, unknown>): Promise<void> {
      if (answer['RetCode'] !== 0 || !Array.isArray(answer['TaskDetailList'])) return;
      for (const item of answer['TaskDetailList'] as unknown[]) {
        if (item === null || typeof item !== 'object') continue;
        const detail = item as Record<string, unknown>;
        const taskUid = detail['TaskUID'];
        if (typeof taskUid !== 'string' || recorded.has(taskUid)) continue;
        const imgList = Array.isArray(detail['ImgList']) ? detail['ImgList'].filter((url): url is string => typeof url === 'string') : [];
        const state = classifyTaskStatus({
          Status: typeof detail['Status'] === 'string' ? detail['Status'] : '',
          ErrorCode: typeof detail['ErrorCode'] === 'number' ? detail['ErrorCode'] : 0,
          ImgList: imgList,
        });
        // Only an ended task is billed; an entry for a task PICPIK does not know is not one.
        if (state !== 'done' && state !== 'failed') continue;
        if (isUnknownTaskEntry({ TaskUID: taskUid, Status: String(detail['Status'] ?? ''), ErrorCode: Number(detail['ErrorCode'] ?? 0), ErrorMassage: String(detail['ErrorMassage'] ?? ''), ImgList: imgList })) continue;
        const points = detail['ConsumeApiPoint'];
        const credits = typeof points === 'number' && Number.isFinite(points) && points > 0 ? Math.round(points) : 0;
        const first = await store.recordTaskFinishedAsync(taskUid, { credits, imageUrls: state === 'done' ? imgList : [], at: now() });
        if (recorded.size >= RECORDED_MEMORY) recorded.clear();
        recorded.add(taskUid);
        onEnded(taskUid);
        if (first) onRecorded(taskUid, credits);
      }
    },
  };
}
