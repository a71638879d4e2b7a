// The image route for a task PICPIK does not know. The structural answer (the TaskUID missing
// from TaskDetailList) comes first; an errored "task not found" entry (the emulator's
// listUnknownTasks fault) is recognised as a fallback; and a known task whose failure text merely
// contains "not found" is not mistaken for an unknown one.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, startRelayOverEmulatorAsync, validGenerateBody, type RelayOverEmulator } from './relay-fixtures';

let stack: RelayOverEmulator;

beforeAll(async () => {
  stack = await startRelayOverEmulatorAsync({ emulatorEnv: { EMULATOR_QUEUE_MS: '0', EMULATOR_RUN_MS: '0' }, deps: { log: () => undefined } });
});
afterEach(() => {
  stack.emulator.emulator.setFaults({});
});
afterAll(async () => {
  await stack?.relay.close();
  await stack?.emulator.closeAsync();
});

async function imageAnswerAsync(taskUid: string): Promise<{ status: number; body: { Message: string; Field?: string } }> {
  const response = await fetch(`${stack.relay.url}/v1/tasks/${taskUid}/images/0`, { headers: authHeaders() });
  return { status: response.status, body: (await response.json()) as { Message: string; Field?: string } };
}

describe('GET /v1/tasks/{TaskUID}/images/{index} for an unknown task', () => {
  it.each([
    ['left out of TaskDetailList', false],
    ['listed as a "task not found" entry', true],
  ])('answers 404 saying PICPIK does not know the task (%s), naming the TaskUID field', async (_how, listUnknownTasks) => {
    stack.emulator.emulator.setFaults({ listUnknownTasks });
    const { status, body } = await imageAnswerAsync('nosuchtask');
    expect(status).toBe(404);
    expect(body.Message).toContain('does not know the task nosuchtask');
    expect(body.Field).toBe('TaskUID');
  });

  it('says a known task that failed with a "not found" message has no image, not that the task is unknown', async () => {
    stack.emulator.emulator.setFaults({ failTaskRate: 1, failErrorMessage: 'main model not found' });
    const submitted = await fetch(stack.relay.url, { method: 'POST', headers: authHeaders(), body: JSON.stringify(validGenerateBody(stack.images)) });
    const { TaskUID } = (await submitted.json()) as { TaskUID: string };
    for (let i = 0; i < 200 && stack.emulator.emulator.store.get(TaskUID, Date.now())?.status !== 'Error'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const { status, body } = await imageAnswerAsync(TaskUID);
    expect(status).toBe(404);
    expect(body.Message).toBe(`The task ${TaskUID} has no image 0 (it has 0; status "Error").`);
    expect(body.Field).toBe('index');
  });
});
