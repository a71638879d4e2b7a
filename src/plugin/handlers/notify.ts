// notify: a short Figma toast the UI asks for.
import type { RequestPayload, RequestResult } from '../../protocol/message-types';
import type { PluginContext } from '../plugin-context';
import { notifyDesigner } from '../notify-designer';

export function handleNotify(context: PluginContext, payload: RequestPayload<'notify'>): RequestResult<'notify'> {
  notifyDesigner(context.api, payload.message, payload.error === true);
  return { ok: true };
}
