// The image route for a task PICPIK does not know: the emulator (like PICPIK may) lists it as an
// errored entry with no images; the relay must say the task is unknown, not that image 0 is missing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, startRelayOverEmulatorAsync, type RelayOverEmulator } from './relay-fixtures';

let stack: RelayOverEmulator;

beforeAll(async () => {
  stack = await startRelayOverEmulatorAsync();
});

afterAll(async () => {
  await stack?.relay.close();
  await stack?.emulator.closeAsync();
});

describe('GET /v1/tasks/{TaskUID}/images/{index} for an unknown task', () => {
  it('answers 404 saying PICPIK does not know the task, naming the TaskUID field', async () => {
    const response = await fetch(`${stack.relay.url}/v1/tasks/nosuchtask/images/0`, { headers: authHeaders() });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { Message: string; Field?: string };
    expect(body.Message).toContain('does not know the task nosuchtask');
    expect(body.Field).toBe('TaskUID');
  });
});
