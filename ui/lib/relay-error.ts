// Relay and PICPIK failures as a designer reads them, each with the developer detail kept apart.

export type RelayErrorKind =
  | 'unreachable' // fetch failed: relay down, wrong host, or no CORS answer at all
  | 'blocked' // the relay answers but the browser may not read it (CORS)
  | 'bad-url' // the address breaks the relay-address rule (src/protocol/relay-url-rule.ts)
  | 'timeout'
  | 'auth' // 401/403
  | 'invalid' // 400 from the relay: a field was rejected
  | 'too-large' // 413
  | 'rate' // 429
  | 'budget' // 402: the designer's monthly budget on the team relay is used up
  | 'upstream' // 502/504: PICPIK unreachable or slow behind the relay
  | 'refused' // PICPIK answered with RetCode != 0
  | 'bad-response' // not the JSON we expected
  | 'http';

export interface RelayErrorInit {
  kind: RelayErrorKind;
  detail: string;
  status?: number;
  retCode?: number;
  /** The PICPIK or relay message, as sent. */
  serverMessage?: string;
  field?: string;
  retryAfterSeconds?: number;
  /** For 'bad-url': the rule's designer text. */
  ruleMessage?: string;
}

/** A failed relay call; `message` is the designer text, `detail` the developer text. */
export class RelayError extends Error {
  readonly kind: RelayErrorKind;
  readonly detail: string;
  readonly status?: number;
  readonly retCode?: number;
  readonly serverMessage?: string;
  readonly field?: string;
  readonly retryAfterSeconds?: number;

  constructor(init: RelayErrorInit) {
    super(designerText(init));
    this.name = 'RelayError';
    this.kind = init.kind;
    this.detail = init.detail;
    this.status = init.status;
    this.retCode = init.retCode;
    this.serverMessage = init.serverMessage;
    this.field = init.field;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

// Neither build's network access can be the cause: the default manifest allows every domain and a
// team build allows exactly its built-in relay, so the text names only what the designer can check.
/**
 * PICPIK's RetCode for a task the account's credits cannot pay for (the emulator's table,
 * src/emulator/ret-codes.ts, fixes the value; a test keeps the two equal).
 */
export const INSUFFICIENT_CREDITS_RET_CODE = 290;
export const INSUFFICIENT_CREDITS_TEXT =
  'Not enough PICPIK credits left for this run: choose fewer variations or a smaller output size, or ask whoever runs your relay to top up the account';

const UNREACHABLE_TEXT = 'Relay unreachable: check the relay URL, your network, and that the relay is running';

function designerText(init: RelayErrorInit): string {
  switch (init.kind) {
    case 'unreachable':
      return UNREACHABLE_TEXT;
    case 'blocked':
      return 'Blocked by CORS: the relay answers but does not let this plugin read its answers (it must send Access-Control-Allow-Origin: *)';
    case 'bad-url':
      return init.ruleMessage ?? 'The relay URL is not valid';
    case 'timeout':
      return 'The relay did not answer in time: try again in a moment';
    case 'auth':
      return init.status === 403
        ? 'Access token rejected: this token may not do that. Ask for a new token in Settings'
        : 'Access token rejected: check the token in Settings';
    case 'invalid':
      return `The relay rejected the request${init.field ? ` (${init.field})` : ''}: ${init.serverMessage ?? 'invalid parameters'}`;
    case 'too-large':
      return 'The images are too large for the relay: choose a smaller output size or area';
    case 'budget':
      return `Your monthly credit budget on this team relay is used up, so nothing was sent to PICPIK. ${init.serverMessage ?? 'Ask whoever runs the relay to raise it.'}`;
    case 'rate':
      return init.retryAfterSeconds !== undefined
        ? `Too many requests, retrying in ${init.retryAfterSeconds}s`
        : 'Too many requests: wait a moment and try again';
    case 'upstream':
      return init.status === 504
        ? 'PICPIK did not answer in time: try again in a moment'
        : 'PICPIK could not be reached through the relay: try again in a moment';
    case 'refused':
      if (init.retCode === INSUFFICIENT_CREDITS_RET_CODE) return INSUFFICIENT_CREDITS_TEXT;
      return `PICPIK refused: ${init.serverMessage ?? 'no reason given'}`;
    case 'bad-response':
      return 'The relay sent an answer Backdrop does not understand: check the relay URL';
    case 'http':
      return `The relay answered with an error (HTTP ${init.status ?? '?'})`;
  }
}

/** Designer text and detail for anything thrown while talking to the relay. */
export function describeRelayError(error: unknown): { message: string; detail?: string } {
  if (error instanceof RelayError) return { message: error.message, detail: error.detail };
  if (error instanceof Error && error.name === 'AbortError') {
    return { message: 'The request was cancelled or timed out', detail: error.message };
  }
  if (error instanceof TypeError) return { message: UNREACHABLE_TEXT, detail: `${error.name}: ${error.message}` };
  if (error && typeof error === 'object' && 'message' in error && typeof (error as { message: unknown }).message === 'string') {
    const detail = (error as { detail?: unknown }).detail;
    return { message: (error as { message: string }).message, detail: typeof detail === 'string' ? detail : undefined };
  }
  return { message: 'Something went wrong', detail: String(error) };
}
