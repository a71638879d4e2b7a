// What leaves the designer's machine when they generate, said in Settings (the README's privacy
// section gives admins the same facts).

import { PICPIK_RESULT_LIFETIME_HOURS } from '../../src/contract/result-lifetime';
import { checkRelayUrl } from '../../src/protocol/relay-url-rule';

/** The sentence for the relay at `relayUrl`; an unusable address is named as "the relay set above". */
export function dataFlowText(relayUrl: string): string {
  const checked = checkRelayUrl(relayUrl);
  const where = checked.ok ? checked.host : 'the relay set above';
  return `The pixels of the layers you generate from, your prompts and reference images go to ${where}, which forwards them to PICPIK; PICPIK keeps results for ${PICPIK_RESULT_LIFETIME_HOURS} hours.`;
}
