// The clean plate in the panel: the Generate form's option, and "Clear the subject" on a placed
// background in the jobs list. Either makes a RemoveContents job whose row shows its credits.
import { jobKindOf } from '../../src/protocol/job-kinds';
import type { JobRecord } from '../../src/protocol/shapes';
import { useApp } from './app-context';
import { Button } from './button';
import { Toggle } from './controls';

export function CleanPlateOption() {
  const app = useApp();
  return (
    <Toggle value={app.cutout.cleanPlate.value} onValueChange={(value) => app.cutout.setCleanPlate(value)}>
      <span>Clean plate: also erase the subject from the background, so it can move without a ghost</span>
    </Toggle>
  );
}

export function ClearSubjectButton(props: { job: JobRecord; imageIndex: number }) {
  const app = useApp();
  const { job } = props;
  if (!jobKindOf(job).clearable || job.state !== 'placed') return null;
  return (
    <Button secondary onClick={() => void app.cutout.clearSubjectAsync(job, props.imageIndex)} aria-label={`Clear the subject from variation ${props.imageIndex + 1}`}>
      Clear the subject
    </Button>
  );
}
