// The one rule for a relay address, used by the UI's Settings, the main thread's settings store
// and the team build: https anywhere, http only on this computer. Plain string work, no `URL`
// global, so it also runs in Figma's sandbox and in the build script.

/** Hosts the plugin may reach over plain http: the browser does not block loopback as mixed content. */
const LOOPBACK_RELAY_HOSTS: readonly string[] = ['localhost', '127.0.0.1'];

/** Longest relay address accepted (it is stored in the document and in clientStorage). */
const MAX_RELAY_URL_LENGTH = 500;

/**
 * What a designer (or an admin running the team build) reads when the address is http:// on
 * another computer. Figma shows the plugin's iframe inside an https page; browsers block its
 * requests to http:// addresses (mixed content), loopback excepted.
 */
export const RELAY_NEEDS_HTTPS_TEXT =
  'The relay must use https://, unless it runs on this computer (localhost). Figma shows plugins inside a secure https page, and the browser blocks its requests to http:// addresses on other computers (mixed content)';

export const RELAY_URL_FORMAT_TEXT = 'The relay address must be https:// followed by the relay\'s host name (http:// only for localhost)';

interface RelayAddress {
  /** The address without trailing slashes, as requests are built from it. */
  url: string;
  /** `https://relay.example.com` or `http://localhost:8787`: what a manifest's allowedDomains lists. */
  origin: string;
  /** Host name with the port, if any: `relay.example.com`, `localhost:8787`. */
  host: string;
  hostname: string;
  scheme: 'http' | 'https';
}

export type RelayUrlCheck = ({ ok: true } & RelayAddress) | { ok: false; message: string; detail: string };

const ADDRESS = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?(\/[^\s?#]*)?$/i;

/** Checks a relay address against the rule and splits it into the parts the callers need. */
export function checkRelayUrl(input: string): RelayUrlCheck {
  const url = input.trim().replace(/\/+$/, '');
  const shown = JSON.stringify(input.slice(0, 80));
  if (url.length > MAX_RELAY_URL_LENGTH) return { ok: false, message: RELAY_URL_FORMAT_TEXT, detail: `relayUrl: longer than ${MAX_RELAY_URL_LENGTH} characters` };
  const match = ADDRESS.exec(url);
  const port = match?.[3] === undefined ? undefined : Number(match[3]);
  if (!match || (port !== undefined && (port < 1 || port > 65535))) {
    return { ok: false, message: RELAY_URL_FORMAT_TEXT, detail: `relayUrl: not an http(s) address with a host: ${shown}` };
  }
  const scheme = (match[1] as string).toLowerCase() as 'http' | 'https';
  const hostname = (match[2] as string).toLowerCase();
  if (scheme === 'http' && !LOOPBACK_RELAY_HOSTS.includes(hostname)) {
    return { ok: false, message: RELAY_NEEDS_HTTPS_TEXT, detail: `relayUrl: http:// to ${hostname} would be blocked as mixed content: ${shown}` };
  }
  const host = port === undefined ? hostname : `${hostname}:${port}`;
  const origin = `${scheme}://${host}`;
  return { ok: true, url: origin + (match[4] ?? ''), origin, host, hostname, scheme };
}

/** True when two addresses name the same relay (case of scheme and host, trailing slashes ignored). */
export function sameRelayUrl(a: string, b: string): boolean {
  const left = checkRelayUrl(a);
  const right = checkRelayUrl(b);
  return left.ok && right.ok ? left.url === right.url : a.trim() === b.trim();
}

export const TEAM_RELAY_ON_THIS_COMPUTER_TEXT =
  "A relay on localhost runs on this computer only: teammates' plugins would look for it on their own computers. Save the https:// address of the relay your team shares";

/** The rule for the relay saved in the file for teammates: the relay rule, and not this computer's. */
export function checkTeamRelayUrl(input: string): RelayUrlCheck {
  const checked = checkRelayUrl(input);
  if (checked.ok && LOOPBACK_RELAY_HOSTS.includes(checked.hostname)) {
    return { ok: false, message: TEAM_RELAY_ON_THIS_COMPUTER_TEXT, detail: `team relayUrl: ${checked.hostname} is loopback` };
  }
  return checked;
}

