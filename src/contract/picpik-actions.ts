// The names of PICPIK's actions, apart from their schemas: code that only routes or calls an action
// (the typed call, the relay's allowlist) reads these without loading zod.

export const PICPIK_ACTIONS = [
  'GenerateBackgrounds',
  'ListTasksDetails',
  'ListModels',
  'TerminateTask',
  'ListRunningTasks',
  'GetCreditBalance',
  'RemoveBackground',
  'RemoveBackgroundsInBatch',
  'RemoveContents',
] as const;
export type PicpikAction = (typeof PICPIK_ACTIONS)[number];

/** The actions that start a task: each costs credits, answers a TaskUID, and must never be repeated blindly. */
export const TASK_ACTIONS = ['GenerateBackgrounds', 'RemoveBackground', 'RemoveBackgroundsInBatch', 'RemoveContents'] as const satisfies readonly PicpikAction[];
export type TaskAction = (typeof TASK_ACTIONS)[number];

export function isTaskAction(action: string): action is TaskAction {
  return (TASK_ACTIONS as readonly string[]).includes(action);
}

export function isPicpikAction(value: unknown): value is PicpikAction {
  return typeof value === 'string' && (PICPIK_ACTIONS as readonly string[]).includes(value);
}
