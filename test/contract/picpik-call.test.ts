// The typed call over an in-memory transport: what comes back for each kind of answer.
import { describe, expect, it } from 'vitest';
import { createPicpikCall, type PicpikReply, type PicpikTransport } from '../../src/contract/picpik-call';
import { PicpikApiError, PicpikTransportError } from '../../src/contract/picpik-errors';
import { ZOD_RESPONSE_CHECKS } from '../../src/contract/zod-response-checks';

function memoryTransport(answer: (action: string, params: Record<string, unknown>) => PicpikReply | Promise<PicpikReply>) {
  const sent: { action: string; params: Record<string, unknown> }[] = [];
  const transport: PicpikTransport = {
    async sendAsync(action, params) {
      sent.push({ action, params });
      return answer(action, params);
    },
  };
  return { transport, sent };
}

const ok = (json: Record<string, unknown>): PicpikReply => ({ status: 200, json: { RetCode: 0, ...json } });

describe('call(action, params)', () => {
  it('sends the action and its parameters and returns the checked answer with the contract defaults', async () => {
    const { transport, sent } = memoryTransport((action) =>
      ok({ Action: `${action}Response`, TaskDetailList: [{ TaskUID: 't-1', Status: 'Finished', ImgList: ['https://img/0.png'], ErrorMessage: 'spelt the other way' }] }),
    );
    const call = createPicpikCall(transport, ZOD_RESPONSE_CHECKS);
    const answer = await call('ListTasksDetails', { TaskUIDList: ['t-1'] });
    expect(sent).toEqual([{ action: 'ListTasksDetails', params: { TaskUIDList: ['t-1'] } }]);
    const detail = answer.TaskDetailList[0];
    expect(detail?.ImgList).toEqual(['https://img/0.png']);
    expect(detail?.ErrorCode).toBe(0);
    expect(detail?.ErrorMassage).toBe('spelt the other way');
    expect(answer.Message).toBe('');
  });

  it('turns a non-zero RetCode into a PicpikApiError with the code, the message and the request_uuid', async () => {
    const { transport } = memoryTransport(() => ({ status: 200, json: { Action: 'GenerateBackgroundsResponse', RetCode: 290, Message: 'Insufficient credits' } }));
    const error = await createPicpikCall(transport, ZOD_RESPONSE_CHECKS)('ListModels', {}, { requestUuid: 'u-7' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PicpikApiError);
    expect(error).toMatchObject({ retCode: 290, apiMessage: 'Insufficient credits', action: 'ListModels', requestUuid: 'u-7' });
  });

  it('rejects an off-contract answer as bad_shape, naming the field and the rule', async () => {
    const { transport } = memoryTransport(() => ok({ Action: 'GenerateBackgroundsResponse' }));
    const error = await createPicpikCall(transport, ZOD_RESPONSE_CHECKS)('GenerateBackgrounds', { MainModel: { ModelCode: 'm' }, ImageList: ['x'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PicpikTransportError);
    expect(error).toMatchObject({ reason: 'bad_shape', status: 200, issues: [{ path: 'TaskUID', rule: 'required' }] });
    expect((error as Error).message).toContain('TaskUID is required');
    expect((error as PicpikTransportError).bodySnippet).toContain('GenerateBackgroundsResponse');
  });

  it('rejects an answer without a numeric RetCode as bad_shape naming RetCode', async () => {
    const { transport } = memoryTransport(() => ({ status: 200, json: { Action: 'ListModelsResponse', RetCode: '0' } }));
    const error = await createPicpikCall(transport, ZOD_RESPONSE_CHECKS)('ListModels', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'bad_shape', issues: [{ path: 'RetCode', rule: 'type' }] });
  });

  it('passes a transport failure through unchanged', async () => {
    const failure = new TypeError('Failed to fetch');
    const { transport } = memoryTransport(() => Promise.reject(failure));
    await expect(createPicpikCall(transport, ZOD_RESPONSE_CHECKS)('ListRunningTasks', {})).rejects.toBe(failure);
  });

  it('uses the injected checks, not its own', async () => {
    const { transport } = memoryTransport(() => ok({ Action: 'ListRunningTasksResponse' }));
    const checks = { ...ZOD_RESPONSE_CHECKS, ListRunningTasks: () => ({ ok: false as const, issues: [{ path: 'TaskUIDList', rule: 'custom', message: 'TaskUIDList is checked here' }] }) };
    await expect(createPicpikCall(transport, checks)('ListRunningTasks', {})).rejects.toMatchObject({ reason: 'bad_shape', message: expect.stringContaining('TaskUIDList is checked here') });
  });
});
