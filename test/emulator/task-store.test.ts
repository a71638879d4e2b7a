// TaskStore bounds as properties: whatever sequence of tasks and images arrives, the task count
// and image bytes stay under their caps, and what remains is the newest.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TaskStore, createTaskUid, type EmulatorTask } from '../../src/emulator/task-store';

function endedTask(uid: string, now: number): EmulatorTask {
  return { uid, action: 'GenerateBackgrounds', status: 'Finished', createdAt: now, endedAt: now, seed: 1, cost: 1, consumed: 1, imageTokens: [], errorCode: 0, errorMessage: '' };
}

describe('TaskStore', () => {
  it('never holds more than maxTasks tasks or maxImageBytes bytes, keeping the newest', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 100, max: 5000 }),
        fc.array(fc.integer({ min: 1, max: 1500 }), { minLength: 1, maxLength: 40 }),
        (maxTasks, maxImageBytes, imageSizes) => {
          const store = new TaskStore({ retentionMs: 1e9, maxTasks, maxImageBytes });
          const uids: string[] = [];
          imageSizes.forEach((size, i) => {
            const task = endedTask(`task-${i}`, i);
            store.add(task, i);
            task.imageTokens.push(store.addImage(task.uid, Buffer.alloc(size), i));
            uids.push(task.uid);
            const stats = store.stats();
            expect(stats.tasks).toBeLessThanOrEqual(maxTasks);
            expect(stats.imageBytes).toBeLessThanOrEqual(maxImageBytes);
          });
          const newest = uids[uids.length - 1] as string;
          expect(store.get(newest, imageSizes.length)).toBeDefined();
        },
      ),
    );
  });

  it('drops ended tasks and images after the retention period', () => {
    const store = new TaskStore({ retentionMs: 100, maxTasks: 10, maxImageBytes: 1e6 });
    const task = endedTask('t', 0);
    store.add(task, 0);
    const token = store.addImage('t', Buffer.alloc(10), 0);
    expect(store.getImage(token, 99)).toBeDefined();
    expect(store.getImage(token, 100)).toBeUndefined();
    expect(store.get('t', 100)).toBeUndefined();
  });

  it('makes PICPIK-shaped TaskUIDs', () => {
    expect(createTaskUid()).toMatch(/^[0-9a-v]{20}$/);
    expect(createTaskUid()).not.toBe(createTaskUid());
  });
});
