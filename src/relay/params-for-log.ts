// What the debug access log shows of a request: its validated parameters only, images reduced
// to their length and every other value cut, so one request can never write a huge log line.
import { redactImagesForLog } from '../contract/image-fields';

/** Characters of any one parameter's JSON in the log. */
const LOGGED_PARAM_MAX_CHARS = 300;

function cut(text: string): string {
  return `${text.slice(0, LOGGED_PARAM_MAX_CHARS)}... (${text.length} characters)`;
}

/** A copy of validated parameters for the log: images become their length, a long value its cut JSON. */
export function paramsForLog(params: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(redactImagesForLog(params))) {
    const json = JSON.stringify(value) ?? 'undefined';
    copy[key] = json.length > LOGGED_PARAM_MAX_CHARS ? cut(json) : value;
  }
  return copy;
}
