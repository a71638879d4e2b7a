// The job a variation request names and its loaded page, or the error the designer sees.
import { ProtocolError } from '../../protocol/protocol-error';
import type { JobRecord } from '../../protocol/shapes';
import type { PluginContext } from '../plugin-context';

export async function jobAndPageAsync(context: PluginContext, jobId: string, request: string): Promise<{ job: JobRecord; page: PageNode }> {
  const job = context.jobs.get(jobId);
  if (!job) throw new ProtocolError('This job is no longer known.', request + ': unknown job ' + jobId);
  const page = await context.api.getNodeByIdAsync(job.pageId);
  if (!page || page.type !== 'PAGE') throw new ProtocolError("This job's page was deleted.", request + ': no page ' + job.pageId);
  await page.loadAsync();
  return { job, page };
}
