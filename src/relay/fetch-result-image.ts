// Fetches one result image for the image route under the SSRF rules: only URLs the policy
// allows, host names checked against their resolved addresses, redirects followed only on the
// same host, a content-type allowlist, and a byte cap enforced while streaming.
import { PICPIK_RESULT_LIFETIME_HOURS } from '../contract/result-lifetime';
import { RelayHttpError } from './relay-http-error';
import { checkImageUrl, classifyIpLiteral, isAddressAllowed, type ImageUrlPolicy } from './image-url-policy';
import { startImageTransfer, type ImageTransferEnd } from './image-transfer-stream';
import { mapFetchFailure, startTimedAttempt, TransientUpstreamError, withRetriesAsync, type RetryPolicy, type UpstreamDeps } from './upstream-call';

const ALLOWED_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);
const MAX_REDIRECTS = 3;

export interface ImageFetchDeps extends UpstreamDeps {
  /** Resolves a host name to its IP addresses; absent on runtimes without DNS access. */
  resolveHost?: (hostname: string) => Promise<string[]>;
}

export interface ResultImage {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  contentLength: number | undefined;
  /** Settles when the transfer to the client ends, saying whether it was cut. */
  ended: Promise<ImageTransferEnd>;
}

function refused(reason: string): RelayHttpError {
  return new RelayHttpError(502, 'PICPIK gave an image address this relay will not fetch.', { detail: `image URL refused: ${reason}` });
}

async function assertResolvesToAllowedAsync(url: URL, policy: ImageUrlPolicy, deps: ImageFetchDeps): Promise<void> {
  if (!deps.resolveHost || classifyIpLiteral(url.hostname) !== null) return;
  let addresses: string[];
  try {
    addresses = await deps.resolveHost(url.hostname.replace(/^\[|\]$/g, ''));
  } catch (error) {
    throw new TransientUpstreamError(502, 'The relay could not reach the image server. Try again in a moment.', {
      detail: `DNS lookup failed: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  for (const address of addresses) {
    const addressClass = classifyIpLiteral(address) ?? 'reserved';
    if (!isAddressAllowed(addressClass, policy)) throw refused(`${url.hostname} resolves to a ${addressClass} address`);
  }
}

/**
 * Fetches the image at `rawUrl` (taken from the task's ImgList, never from the caller). Retries
 * transient failures before the body starts. The timeout covers each attempt until PICPIK's
 * answer starts, then each wait for its next piece; the client's reading has its own clock.
 */
export async function fetchResultImageAsync(
  rawUrl: string,
  policy: ImageUrlPolicy,
  limits: RetryPolicy & { maxBytes: number; clientTimeoutMs: number },
  deps: ImageFetchDeps,
): Promise<ResultImage> {
  const first = checkImageUrl(rawUrl, policy);
  if (!first.ok) throw refused(first.reason);
  const { value } = await withRetriesAsync(limits, deps, async () => {
    const attempt = startTimedAttempt(limits.timeoutMs);
    try {
      let url = first.url;
      let response: Response | undefined;
      for (let hop = 0; ; hop += 1) {
        if (!checkImageUrl(url.href, policy).ok) throw refused(`redirect to ${url.protocol}//${url.host}`);
        await assertResolvesToAllowedAsync(url, policy, deps);
        try {
          response = await deps.fetch(url.href, { method: 'GET', redirect: 'manual', signal: attempt.signal });
        } catch (error) {
          throw mapFetchFailure(error, attempt, 'GET image');
        }
        if (response.status < 300 || response.status >= 400) break;
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        if (!location || hop >= MAX_REDIRECTS) throw refused(location ? 'too many redirects' : 'redirect without Location');
        const next = new URL(location, url);
        if (next.host !== url.host) throw refused(`redirect to another host (${next.host})`);
        url = next;
      }
      if (response.status >= 500) {
        await response.body?.cancel().catch(() => undefined);
        throw new TransientUpstreamError(502, 'The image server had a problem. Try again in a moment.', {
          detail: `image HTTP ${response.status}`,
        });
      }
      if (response.status === 404 || response.status === 410) {
        await response.body?.cancel().catch(() => undefined);
        throw new RelayHttpError(404, `The image is no longer available (PICPIK keeps results for ${PICPIK_RESULT_LIFETIME_HOURS} hours).`, {
          detail: `image HTTP ${response.status}`,
        });
      }
      if (response.status !== 200 || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        throw new RelayHttpError(502, 'The image server answered unexpectedly.', { detail: `image HTTP ${response.status}` });
      }
      const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!ALLOWED_IMAGE_TYPES.has(contentType)) {
        await response.body.cancel().catch(() => undefined);
        throw new RelayHttpError(502, 'The image server sent something that is not a PNG, JPEG or WebP image.', {
          detail: `image content type "${contentType}"`,
        });
      }
      const declared = response.headers.get('content-length');
      const contentLength = declared !== null && /^\d+$/.test(declared) ? Number(declared) : undefined;
      if (contentLength !== undefined && contentLength > limits.maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw new RelayHttpError(502, 'The image is larger than this relay passes on.', {
          detail: `image Content-Length ${contentLength} > ${limits.maxBytes}`,
        });
      }
      const transfer = startImageTransfer(response.body, {
        maxBytes: limits.maxBytes,
        upstreamTimeoutMs: limits.timeoutMs,
        clientTimeoutMs: limits.clientTimeoutMs,
      });
      return { body: transfer.body, ended: transfer.ended, contentType, contentLength };
    } finally {
      // From here on the transfer keeps its own time; the attempt's timer must not cut it.
      attempt.finish();
    }
  });
  return value;
}
