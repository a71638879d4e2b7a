// removeJob: forget a job (its placed frames stay in the document).
import type { RequestPayload, RequestResult } from '../../protocol/message-types';
import type { PluginContext } from '../plugin-context';

export async function removeJobAsync(context: PluginContext, payload: RequestPayload<'removeJob'>): Promise<RequestResult<'removeJob'>> {
  await context.jobs.removeAsync(payload.jobId);
  return { ok: true };
}
