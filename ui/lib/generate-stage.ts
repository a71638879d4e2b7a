// The generate stage of a two-stage job: once main has placed the cut-outs (and moved the job to
// stage `generate`, state `sending`), compose the cut-out layers into the foreground and send the
// GenerateBackgrounds parameters stored when the job started. Also run for such jobs restored by
// the next run of the plugin, so a job closed between its stages goes on where it stopped.
import type { JobRecord } from '../../src/protocol/shapes';
import { toDataUrl, validateGenerateBody, type GenerateBackgroundsBody } from './build-generate-request';
import { FORM_HINTS_KEY } from './form-from-params';
import { composeJobForegroundAsync } from './compose-job-foreground';
import { NO_CUTOUT_TEXT, type StartJobDeps } from './start-job';
import { runStageAsync, StageError } from './stage-job';

export function startGenerateStageAsync(start: JobRecord, deps: Omit<StartJobDeps, 'newId'>): Promise<JobRecord> {
  return runStageAsync(start, deps, async ({ submitAsync }) => {
    const foreground = await composeJobForegroundAsync(deps.requestAsync, start);
    if (!foreground.transparent) throw new StageError(NO_CUTOUT_TEXT, 'the cut-out came back without transparent pixels');
    const { [FORM_HINTS_KEY]: _hints, ...params } = start.params;
    const body = { ...params, Action: 'GenerateBackgrounds', ImageList: [toDataUrl(foreground.png)] } as unknown as GenerateBackgroundsBody;
    const built = validateGenerateBody(body);
    if (!built.ok) throw new StageError(`Check the form: ${built.issues[0]?.message ?? 'invalid parameters'}`);
    const { Action, ...sent } = built.body;
    return submitAsync(Action, sent);
  });
}
