// getSelection: the current selection described for the UI.
import type { RequestResult } from '../../protocol/message-types';
import type { PluginContext } from '../plugin-context';
import { describeSelectionAsync } from '../describe-selection';

export function getSelectionAsync(context: PluginContext): Promise<RequestResult<'getSelection'>> {
  return describeSelectionAsync(context.api);
}
