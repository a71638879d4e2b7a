// A compact strip of the jobs still running, on the Generate tab: each names its layer and stage
// and opens the job in the Jobs tab.
import { isOpenJob } from '../../src/protocol/job-lifecycle';
import { jobStageText } from '../lib/job-stage';
import { useApp } from './app-context';

export function RunningJobsStrip() {
  const app = useApp();
  const running = app.jobs.value.filter(isOpenJob);
  if (running.length === 0) return null;
  return (
    <ul class="running-strip" aria-label="Running jobs">
      {running.map((job) => (
        <li key={job.id}>
          <button type="button" class="running-job" onClick={() => app.showJob(job.id)}>
            <span class="running-dot" aria-hidden="true" />
            <span class="running-name">{job.sourceLabel ?? job.label}</span>
            <span class="running-stage">{jobStageText(job)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
