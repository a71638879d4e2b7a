// init: everything the UI needs on start (settings, restored jobs, selection, relaunch request).
import type { RequestResult } from '../../protocol/message-types';
import type { PluginContext } from '../plugin-context';
import { describeSelection } from '../describe-selection';
import { notifyDesigner } from '../notify-designer';
import { regenerateSeedForSelection } from '../regenerate-seed';
import { loadSettingsAsync } from '../settings-store';

export async function initAsync(context: PluginContext): Promise<RequestResult<'init'>> {
  const jobs = await context.jobs.loadAsync();
  const settings = await loadSettingsAsync(context.api);
  const result: RequestResult<'init'> = { settings, jobs, selection: describeSelection(context.api), command: context.command };
  if (settings.teamRelayUrl) result.teamRelayUrl = settings.teamRelayUrl;
  if (context.command === 'regenerate') {
    const seed = regenerateSeedForSelection(context.api);
    if (seed) result.regenerate = seed;
    else notifyDesigner(context.api, 'Select a Backdrop background or its layer to regenerate.');
  }
  return result;
}
