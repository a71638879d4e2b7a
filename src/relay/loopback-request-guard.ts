// Without tokens the relay trusts whoever reaches it, which is safe only for programs on this
// machine. A web page in the designer's browser can reach loopback too (directly, or by DNS
// rebinding a name of its own), so token-less requests must name a loopback Host and come from
// no web origin: the Figma plugin's iframe is sandboxed and sends `Origin: null`.
import { isLoopbackHost } from './config';
import { RelayHttpError } from './relay-http-error';

/** The host part of a Host header or URL host (`127.0.0.1:8787`, `[::1]:8787`, `localhost`). */
function hostOf(header: string): string {
  const trimmed = header.trim();
  if (trimmed.startsWith('[')) return trimmed.slice(0, trimmed.indexOf(']') + 1);
  const colon = trimmed.lastIndexOf(':');
  return colon >= 0 ? trimmed.slice(0, colon) : trimmed;
}

/** Throws 403 naming the header unless Host is loopback and Origin is absent or `null`. */
export function assertLoopbackRequest(host: string | undefined, origin: string | undefined): void {
  if (host === undefined || !isLoopbackHost(hostOf(host))) {
    throw new RelayHttpError(403, 'This relay has no tokens, so it answers only requests addressed to this machine (127.0.0.1 or localhost).', {
      field: 'Host',
      detail: `token-less request with Host ${JSON.stringify((host ?? '').slice(0, 100))}`,
    });
  }
  if (origin !== undefined && origin !== 'null') {
    throw new RelayHttpError(403, 'This relay has no tokens, so it does not answer web pages. Set RELAY_TOKENS to use it from a browser.', {
      field: 'Origin',
      detail: `token-less request from origin ${JSON.stringify(origin.slice(0, 100))}`,
    });
  }
}
