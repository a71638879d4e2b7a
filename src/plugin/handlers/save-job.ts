// saveJob: write-through of a job the UI created or changed; notifies when a job failed.
import type { RequestPayload, RequestResult } from '../../protocol/message-types';
import type { PluginContext } from '../plugin-context';
import { isOpenJob } from '../../protocol/job-lifecycle';
import { notifyDesigner } from '../notify-designer';

export async function saveJobAsync(context: PluginContext, payload: RequestPayload<'saveJob'>): Promise<RequestResult<'saveJob'>> {
  const before = context.jobs.get(payload.job.id);
  const job = await context.jobs.saveAsync(payload.job);
  if (!isOpenJob(job)) context.undo.endJob(job.id);
  if (job.state === 'failed' && (!before || before.state !== 'failed')) {
    notifyDesigner(context.api, 'Backdrop failed: ' + (job.error ? job.error.message : 'no background was made.'), true);
  }
  return { ok: true };
}
