// The relay's configuration, read once from environment variables and validated with zod, so a
// bad value stops the relay at start with a message naming the variable and the rule.
import { z } from 'zod';

export interface RelayToken {
  /** What logs show: the name before ':' in RELAY_TOKENS, or a short fingerprint. Never the token. */
  id: string;
  token: string;
}

export interface RelayConfig {
  publicKey: string;
  privateKey: string;
  /** PICPIK_API_URL without a trailing slash, e.g. `https://api.picpik.ai`. */
  apiUrl: string;
  host: string;
  port: number;
  tokens: RelayToken[];
  bodyLimitBytes: number;
  maxJsonDepth: number;
  maxStringBytes: number;
  rateLimitPerMin: number;
  upstreamTimeoutMs: number;
  upstreamRetries: number;
  imageMaxBytes: number;
  debugLogBodies: boolean;
  allowCreditBalance: boolean;
  /** Items and members in the whole body, counted while it streams in. */
  maxJsonElements: number;
  /** Entries in any one list (prompts, SubModelList, TriggerWordList, TaskUIDList...). */
  maxListItems: number;
  /** UTF-8 bytes of all PositivePrompts and NegativePrompts together. */
  maxPromptTextBytes: number;
  /** Bytes of request bodies being read or processed at once, over all clients / per token. */
  inflightBodyBytes: number;
  inflightBodyBytesPerToken: number;
  /** Slowest acceptable body upload after the grace period, in bytes per second. */
  bodyMinBytesPerSec: number;
  bodyGraceMs: number;
  /** Failed authentications per minute per client address before 429. */
  authFailuresPerMin: number;
  /** Time a designer's client has to read one result image. */
  imageClientTimeoutMs: number;
  // --- team store settings (see src/relay/store)
  /** RELAY_DATABASE_URL (PostgreSQL, for replicas) or RELAY_DATA_DIR (embedded store). */
  store: { databaseUrl: string | undefined; dataDir: string };
  /** RELAY_TEAM_VISIBLE_TASKS: every designer sees (and may cancel and download) every task. */
  teamVisibleTasks: boolean;
}

/** Where the embedded store lives unless RELAY_DATA_DIR says otherwise: beside the process. */
export const DEFAULT_RELAY_DATA_DIR = '.relay-data';

/** A 2560x2560 RGBA PNG can reach ~26 MB; in base64 ~35 MB, plus a reference image. */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

export class RelayConfigError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`Invalid relay configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'RelayConfigError';
    this.issues = issues;
  }
}

const emptyToUndefined = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

function integerVar(min: number, max: number, fallback: number) {
  const message = `must be a whole number between ${min} and ${max}`;
  return z.preprocess(emptyToUndefined, z.coerce.number({ message }).int({ message }).min(min, { message }).max(max, { message }).default(fallback));
}

function flagVar(fallback: boolean) {
  return z.preprocess(
    emptyToUndefined,
    z
      .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], { message: 'must be 1/0, true/false, yes/no or on/off' })
      .optional()
      .transform((value) => (value === undefined ? fallback : ['1', 'true', 'yes', 'on'].includes(value))),
  );
}

const EnvSchema = z.object({
  PICPIK_PUBLIC_KEY: z.string({ message: 'is required (the PICPIK public key)' }).trim().min(1, 'must not be empty'),
  PICPIK_PRIVATE_KEY: z.string({ message: 'is required (the PICPIK private key)' }).trim().min(1, 'must not be empty'),
  PICPIK_API_URL: z.preprocess(
    emptyToUndefined,
    z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://api.picpik.ai' })
      .default('https://api.picpik.ai'),
  ),
  RELAY_HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  RELAY_PORT: integerVar(0, 65535, 8787),
  RELAY_TOKENS: z.preprocess(emptyToUndefined, z.string().default('')),
  RELAY_BODY_LIMIT_BYTES: integerVar(1024, 1024 * 1024 * 1024, DEFAULT_BODY_LIMIT_BYTES),
  RELAY_MAX_JSON_DEPTH: integerVar(2, 1000, 16),
  RELAY_MAX_STRING_BYTES: integerVar(64, 64 * 1024 * 1024, 64 * 1024),
  RELAY_RATE_LIMIT_PER_MIN: integerVar(1, 1_000_000, 120),
  RELAY_UPSTREAM_TIMEOUT_MS: integerVar(100, 10 * 60 * 1000, 30_000),
  RELAY_UPSTREAM_RETRIES: integerVar(0, 10, 2),
  RELAY_IMAGE_MAX_BYTES: integerVar(1024, 1024 * 1024 * 1024, 40 * 1024 * 1024),
  RELAY_DEBUG_LOG_BODIES: flagVar(false),
  RELAY_ALLOW_CREDIT_BALANCE: flagVar(true),
  RELAY_MAX_JSON_ELEMENTS: integerVar(16, 10_000_000, 10_000),
  RELAY_MAX_LIST_ITEMS: integerVar(1, 1_000_000, 100),
  RELAY_MAX_PROMPT_TEXT_BYTES: integerVar(64, 64 * 1024 * 1024, 16 * 1024),
  RELAY_INFLIGHT_BODY_BYTES: integerVar(1024, 64 * 1024 * 1024 * 1024, 256 * 1024 * 1024),
  RELAY_INFLIGHT_BODY_BYTES_PER_TOKEN: integerVar(1024, 64 * 1024 * 1024 * 1024, 128 * 1024 * 1024),
  RELAY_BODY_MIN_BYTES_PER_SEC: integerVar(1, 1024 * 1024 * 1024, 16 * 1024),
  RELAY_BODY_GRACE_MS: integerVar(100, 10 * 60 * 1000, 10_000),
  RELAY_AUTH_FAILURES_PER_MIN: integerVar(1, 1_000_000, 30),
  RELAY_IMAGE_CLIENT_TIMEOUT_MS: integerVar(1000, 60 * 60 * 1000, 10 * 60 * 1000),
  RELAY_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default(DEFAULT_RELAY_DATA_DIR)),
  RELAY_DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z.optional(z.url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// URL such as postgres://relay:secret@db:5432/relay' })),
  ),
  RELAY_TEAM_VISIBLE_TASKS: flagVar(false),
});

/** True for 127.0.0.0/8, ::1 and `localhost`: addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** FNV-1a, 32 bits: enough to tell tokens apart in logs, far too short to recover one. */
function fingerprintToken(token: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i += 1) {
    hash ^= token.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `tok-${hash.toString(16).padStart(8, '0')}`;
}

/**
 * RELAY_TOKENS: comma-separated `token` or `name:token` entries. A name makes logs readable;
 * without one the id is a fingerprint. Names must be unique; tokens at least 8 characters.
 */
export function parseRelayTokens(text: string): { tokens: RelayToken[]; issues: string[] } {
  const tokens: RelayToken[] = [];
  const issues: string[] = [];
  const seenIds = new Set<string>();
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  entries.forEach((entry, position) => {
    const colon = entry.indexOf(':');
    const name = colon >= 0 ? entry.slice(0, colon).trim() : '';
    const token = colon >= 0 ? entry.slice(colon + 1).trim() : entry;
    const where = `RELAY_TOKENS entry ${position + 1}`;
    if (colon >= 0 && !/^[A-Za-z0-9._-]{1,64}$/.test(name)) {
      issues.push(`${where}: the name before ':' must be 1-64 letters, digits, '.', '_' or '-'`);
      return;
    }
    if (token.length < 8) {
      issues.push(`${where}: the token must be at least 8 characters`);
      return;
    }
    if (/\s/.test(token)) {
      issues.push(`${where}: the token must not contain whitespace`);
      return;
    }
    const id = name || fingerprintToken(token);
    if (seenIds.has(id)) {
      issues.push(`${where}: the name "${id}" is used twice`);
      return;
    }
    seenIds.add(id);
    tokens.push({ id, token });
  });
  return { tokens, issues };
}

/** Reads and validates the relay's configuration; throws RelayConfigError listing every problem. */
export function loadRelayConfig(env: Record<string, string | undefined>): RelayConfig {
  const parsed = EnvSchema.safeParse(env);
  const issues: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.') || 'environment';
      issues.push(`${name}: ${issue.message}`);
    }
  }
  const tokenResult = parseRelayTokens(typeof env.RELAY_TOKENS === 'string' ? env.RELAY_TOKENS : '');
  issues.push(...tokenResult.issues);
  if (!parsed.success || issues.length > 0) throw new RelayConfigError(issues);

  const values = parsed.data;
  if (tokenResult.tokens.length === 0 && !isLoopbackHost(values.RELAY_HOST)) {
    throw new RelayConfigError([
      `RELAY_TOKENS: required when RELAY_HOST (${values.RELAY_HOST}) is not a loopback address; ` +
        'without tokens anyone who can reach the relay could spend your PICPIK credits',
    ]);
  }
  return {
    publicKey: values.PICPIK_PUBLIC_KEY,
    privateKey: values.PICPIK_PRIVATE_KEY,
    apiUrl: values.PICPIK_API_URL.replace(/\/+$/, ''),
    host: values.RELAY_HOST,
    port: values.RELAY_PORT,
    tokens: tokenResult.tokens,
    bodyLimitBytes: values.RELAY_BODY_LIMIT_BYTES,
    maxJsonDepth: values.RELAY_MAX_JSON_DEPTH,
    maxStringBytes: values.RELAY_MAX_STRING_BYTES,
    rateLimitPerMin: values.RELAY_RATE_LIMIT_PER_MIN,
    upstreamTimeoutMs: values.RELAY_UPSTREAM_TIMEOUT_MS,
    upstreamRetries: values.RELAY_UPSTREAM_RETRIES,
    imageMaxBytes: values.RELAY_IMAGE_MAX_BYTES,
    debugLogBodies: values.RELAY_DEBUG_LOG_BODIES,
    allowCreditBalance: values.RELAY_ALLOW_CREDIT_BALANCE,
    maxJsonElements: values.RELAY_MAX_JSON_ELEMENTS,
    maxListItems: values.RELAY_MAX_LIST_ITEMS,
    maxPromptTextBytes: values.RELAY_MAX_PROMPT_TEXT_BYTES,
    inflightBodyBytes: values.RELAY_INFLIGHT_BODY_BYTES,
    inflightBodyBytesPerToken: values.RELAY_INFLIGHT_BODY_BYTES_PER_TOKEN,
    bodyMinBytesPerSec: values.RELAY_BODY_MIN_BYTES_PER_SEC,
    bodyGraceMs: values.RELAY_BODY_GRACE_MS,
    authFailuresPerMin: values.RELAY_AUTH_FAILURES_PER_MIN,
    imageClientTimeoutMs: values.RELAY_IMAGE_CLIENT_TIMEOUT_MS,
    store: { databaseUrl: values.RELAY_DATABASE_URL, dataDir: values.RELAY_DATA_DIR },
    teamVisibleTasks: values.RELAY_TEAM_VISIBLE_TASKS,
  };
}
