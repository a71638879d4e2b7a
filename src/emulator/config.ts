// Emulator configuration read from environment variables (validated with zod), with the demo
// key pair and a PICPIK-like schedule as defaults.
import { PICPIK_RESULT_LIFETIME_MS } from '../contract/result-lifetime';
import { z } from 'zod';
import { FaultConfigSchema, formatZodIssues, type FaultConfig } from './fault-config';

export const DEMO_PUBLIC_KEY = 'backdrop-demo-public';
export const DEMO_PRIVATE_KEY = 'backdrop-demo-private';

export interface EmulatorConfig {
  host: string;
  port: number;
  /** Base of image URLs in ImgList; when absent, the request's own origin is used. */
  publicBaseUrl?: string;
  publicKey: string;
  privateKey: string;
  /** Time a task spends Queuing before it starts Running. */
  queueMs: number;
  /** Minimum time a task spends Running (rendering may take longer). */
  runMs: number;
  /** How long tasks and their images are kept. */
  retentionMs: number;
  maxTasks: number;
  maxImageBytes: number;
  /** Largest accepted POST body. */
  maxBodyBytes: number;
  /** Starting credit balance. */
  credits: number;
  faults: FaultConfig;
}

const intFromEnv = (min: number, max: number) =>
  z.coerce.number().int('must be an integer').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
const rateFromEnv = z.coerce.number().min(0, 'must be at least 0').max(1, 'must be at most 1');

const EnvSchema = z.object({
  EMULATOR_PORT: intFromEnv(0, 65535).default(8788),
  EMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
  EMULATOR_PUBLIC_BASE_URL: z.url('must be an absolute URL').optional(),
  EMULATOR_PUBLIC_KEY: z.string().min(1).default(DEMO_PUBLIC_KEY),
  EMULATOR_PRIVATE_KEY: z.string().min(1).default(DEMO_PRIVATE_KEY),
  EMULATOR_QUEUE_MS: intFromEnv(0, 600_000).default(1000),
  EMULATOR_RUN_MS: intFromEnv(0, 600_000).default(2500),
  EMULATOR_RETENTION_MS: intFromEnv(1, 30 * 24 * 3600_000).default(PICPIK_RESULT_LIFETIME_MS),
  EMULATOR_MAX_TASKS: intFromEnv(1, 1_000_000).default(500),
  EMULATOR_MAX_IMAGE_BYTES: intFromEnv(1, Number.MAX_SAFE_INTEGER).default(512 * 1024 * 1024),
  EMULATOR_MAX_BODY_BYTES: intFromEnv(1024, 2 ** 31 - 1).default(128 * 1024 * 1024),
  EMULATOR_CREDITS: intFromEnv(0, Number.MAX_SAFE_INTEGER).default(100_000),
  EMULATOR_LATENCY_MS: intFromEnv(0, 600_000).default(0),
  EMULATOR_FAIL_TASK_RATE: rateFromEnv.default(0),
  EMULATOR_FAIL_ERROR_CODE: intFromEnv(1, 2 ** 31 - 1).default(5001),
  EMULATOR_FAIL_ERROR_MESSAGE: z.string().optional(),
  EMULATOR_FINISH_EMPTY_RATE: rateFromEnv.default(0),
  EMULATOR_UNKNOWN_STATUS_RATE: rateFromEnv.default(0),
  EMULATOR_UNKNOWN_STATUS: z.string().optional(),
  EMULATOR_LIST_UNKNOWN_TASKS: z.enum(['0', '1'], { error: 'must be 0 or 1' }).default('0'),
  EMULATOR_HTTP500_RATE: rateFromEnv.default(0),
  EMULATOR_DROP_RATE: rateFromEnv.default(0),
  EMULATOR_SLOW_MS: intFromEnv(0, 600_000).default(0),
  EMULATOR_SUBMIT_RETCODE: intFromEnv(0, 2 ** 31 - 1).default(0),
  EMULATOR_SUBMIT_RETCODE_RATE: rateFromEnv.default(1),
  EMULATOR_RATE_LIMIT_PER_MIN: intFromEnv(0, 1_000_000).default(0),
  EMULATOR_FAULT_ACTIONS: z.string().default(''),
  EMULATOR_FAULT_SEED: z.coerce.number().int().default(1),
});

export class EmulatorConfigError extends Error {}

/** Reads the emulator configuration from `env`; throws EmulatorConfigError naming bad variables. */
export function loadEmulatorConfig(env: Record<string, string | undefined> = process.env): EmulatorConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([key, value]) => key.startsWith('EMULATOR_') && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) throw new EmulatorConfigError(`Invalid emulator configuration: ${formatZodIssues(parsed.error.issues)}`);
  const e = parsed.data;
  const faults = FaultConfigSchema.parse({
    latencyMs: e.EMULATOR_LATENCY_MS,
    failTaskRate: e.EMULATOR_FAIL_TASK_RATE,
    failErrorCode: e.EMULATOR_FAIL_ERROR_CODE,
    ...(e.EMULATOR_FAIL_ERROR_MESSAGE ? { failErrorMessage: e.EMULATOR_FAIL_ERROR_MESSAGE } : {}),
    finishEmptyRate: e.EMULATOR_FINISH_EMPTY_RATE,
    unknownStatusRate: e.EMULATOR_UNKNOWN_STATUS_RATE,
    ...(e.EMULATOR_UNKNOWN_STATUS ? { unknownStatus: e.EMULATOR_UNKNOWN_STATUS } : {}),
    listUnknownTasks: e.EMULATOR_LIST_UNKNOWN_TASKS === '1',
    http500Rate: e.EMULATOR_HTTP500_RATE,
    dropRate: e.EMULATOR_DROP_RATE,
    slowMs: e.EMULATOR_SLOW_MS,
    submitRetCode: e.EMULATOR_SUBMIT_RETCODE,
    submitRetCodeRate: e.EMULATOR_SUBMIT_RETCODE_RATE,
    rateLimitPerMin: e.EMULATOR_RATE_LIMIT_PER_MIN,
    actions: e.EMULATOR_FAULT_ACTIONS.split(',').map((name) => name.trim()).filter(Boolean),
    seed: e.EMULATOR_FAULT_SEED,
  });
  return {
    host: e.EMULATOR_HOST,
    port: e.EMULATOR_PORT,
    ...(e.EMULATOR_PUBLIC_BASE_URL ? { publicBaseUrl: e.EMULATOR_PUBLIC_BASE_URL.replace(/\/+$/, '') } : {}),
    publicKey: e.EMULATOR_PUBLIC_KEY,
    privateKey: e.EMULATOR_PRIVATE_KEY,
    queueMs: e.EMULATOR_QUEUE_MS,
    runMs: e.EMULATOR_RUN_MS,
    retentionMs: e.EMULATOR_RETENTION_MS,
    maxTasks: e.EMULATOR_MAX_TASKS,
    maxImageBytes: e.EMULATOR_MAX_IMAGE_BYTES,
    maxBodyBytes: e.EMULATOR_MAX_BODY_BYTES,
    credits: e.EMULATOR_CREDITS,
    faults,
  };
}
