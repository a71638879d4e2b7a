// resize: the UI asks for a different window size.
import type { RequestPayload, RequestResult } from '../../protocol/message-types';
import type { PluginContext } from '../plugin-context';

export function handleResize(context: PluginContext, payload: RequestPayload<'resize'>): RequestResult<'resize'> {
  context.api.ui.resize(Math.round(payload.width), Math.round(payload.height));
  return { ok: true };
}
