// How a PICPIK call fails, as typed errors: refused (a non-zero RetCode), the exchange itself
// (network, timeout, HTTP, not JSON, off-contract), or parameters that never left.
import { formatIssues, type ContractIssue } from './contract-issue';

/** PICPIK answered, but with a non-zero RetCode. */
export class PicpikApiError extends Error {
  override readonly name = 'PicpikApiError';
  constructor(
    readonly retCode: number,
    readonly apiMessage: string,
    readonly action: string,
    readonly requestUuid: string | undefined,
  ) {
    super(`PICPIK refused ${action} (RetCode ${retCode})${apiMessage ? `: ${apiMessage}` : ''}`);
  }
}

export type PicpikTransportFailure = 'network' | 'timeout' | 'http' | 'not_json' | 'bad_shape';

/** The exchange itself failed: network, timeout, non-2xx, non-JSON or a response off-contract. */
export class PicpikTransportError extends Error {
  override readonly name = 'PicpikTransportError';
  constructor(
    message: string,
    readonly reason: PicpikTransportFailure,
    /** HTTP status, or 0 when no response arrived. */
    readonly status: number,
    /** The first characters of the response body, for logs. */
    readonly bodySnippet: string,
    override readonly cause?: unknown,
    /** For bad_shape: what the contract found wrong, field by field. */
    readonly issues: readonly ContractIssue[] = [],
  ) {
    super(message);
  }
}

/** The parameters did not pass the contract: nothing was sent. */
export class PicpikValidationError extends Error {
  override readonly name = 'PicpikValidationError';
  constructor(
    readonly action: string,
    readonly issues: ContractIssue[],
  ) {
    super(`${action} parameters are not valid:\n${formatIssues(issues)}`);
  }
}
