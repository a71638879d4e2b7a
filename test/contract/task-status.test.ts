import { describe, expect, it } from 'vitest';
import {
  classifyTaskStatus,
  expectedTaskDurationMs,
  findKnownTaskDetail,
  isFinishedWithoutImages,
  TASK_STATUS,
  UNKNOWN_STATUS_GRACE_MS,
  unknownStatusDeadline,
} from '../../src/contract/task-status';

describe('classifyTaskStatus', () => {
  it.each([
    [{ Status: TASK_STATUS.Queuing }, 'queued'],
    [{ Status: 'Waiting' }, 'queued'],
    [{ Status: TASK_STATUS.Running, ImgList: ['u'] }, 'running'],
    [{ Status: 'Processing' }, 'running'],
    [{ Status: TASK_STATUS.Finished, ImgList: ['u'] }, 'done'],
    [{ Status: TASK_STATUS.Finished, ImgList: [] }, 'failed'],
    [{ Status: TASK_STATUS.Finished }, 'failed'],
    [{ Status: 'success', ImgList: ['u'] }, 'done'],
    [{ Status: TASK_STATUS.Error }, 'failed'],
    [{ Status: 'Failed' }, 'failed'],
    [{ Status: 'Terminated' }, 'failed'],
    [{ Status: TASK_STATUS.Finished, ImgList: ['u'], ErrorCode: 3 }, 'failed'],
    [{ Status: 'Running', ErrorCode: 1 }, 'failed'],
    [{ Status: 'SomethingNew' }, 'unknown'],
    [{ Status: '' }, 'unknown'],
  ] as const)('%j is %s', (detail, phase) => {
    expect(classifyTaskStatus(detail)).toBe(phase);
  });

  it('tells a finished task without images apart from other failures', () => {
    expect(isFinishedWithoutImages({ Status: 'Finished', ImgList: [] })).toBe(true);
    expect(isFinishedWithoutImages({ Status: 'Finished', ImgList: ['u'] })).toBe(false);
    expect(isFinishedWithoutImages({ Status: 'Error', ImgList: [] })).toBe(false);
    expect(isFinishedWithoutImages({ Status: 'Finished', ErrorCode: 7 })).toBe(false);
  });
});

describe('findKnownTaskDetail', () => {
  const running = { TaskUID: 'a', Status: 'Running', ImgList: [], ErrorMassage: '' };
  it('finds a listed task and treats a TaskUID missing from the list as unknown', () => {
    expect(findKnownTaskDetail([running], 'a')).toBe(running);
    expect(findKnownTaskDetail([running], 'b')).toBeUndefined();
  });

  it('falls back to the text only for a failed, imageless entry that says the task itself was not found', () => {
    const notFound = { TaskUID: 'b', Status: 'Error', ErrorCode: 4040, ImgList: [], ErrorMassage: 'task not found' };
    const uidNotFound = { ...notFound, ErrorMassage: 'TaskUID b does not exist' };
    const modelNotFound = { ...notFound, ErrorMassage: 'task failed: main model not found' };
    expect(findKnownTaskDetail([notFound], 'b')).toBeUndefined();
    expect(findKnownTaskDetail([uidNotFound], 'b')).toBeUndefined();
    expect(findKnownTaskDetail([modelNotFound], 'b')).toBe(modelNotFound);
  });
});

describe('unknownStatusDeadline', () => {
  it('allows the expected run (30 s per image per started megapixel) plus ten minutes', () => {
    expect(expectedTaskDurationMs(1024, 1024, 1)).toBe(30_000);
    expect(expectedTaskDurationMs(1025, 1024, 2)).toBe(120_000);
    expect(unknownStatusDeadline(1_000, 512, 512, 4)).toBe(1_000 + 120_000 + UNKNOWN_STATUS_GRACE_MS);
  });
});
