// Environment configuration of the emulator: documented defaults and named errors.
import { describe, expect, it } from 'vitest';
import { EmulatorConfigError, loadEmulatorConfig } from '../../src/emulator/config';

describe('loadEmulatorConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadEmulatorConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8788,
      publicKey: 'backdrop-demo-public',
      privateKey: 'backdrop-demo-private',
      queueMs: 1000,
      runMs: 2500,
      retentionMs: 24 * 3600_000,
      maxTasks: 500,
      maxImageBytes: 512 * 1024 * 1024,
    });
    expect(config.publicBaseUrl).toBeUndefined();
    expect(config.faults).toMatchObject({ latencyMs: 0, failTaskRate: 0, http500Rate: 0, dropRate: 0, rateLimitPerMin: 0, actions: [] });
  });

  it('reads overrides, including faults aimed at chosen actions', () => {
    const config = loadEmulatorConfig({
      EMULATOR_PORT: '9999',
      EMULATOR_PUBLIC_BASE_URL: 'http://emulator.local:9999/',
      EMULATOR_FAIL_TASK_RATE: '0.25',
      EMULATOR_FAIL_ERROR_CODE: '42',
      EMULATOR_SUBMIT_RETCODE: '8001',
      EMULATOR_FAULT_ACTIONS: 'GenerateBackgrounds, Image',
      EMULATOR_RATE_LIMIT_PER_MIN: '60',
      EMULATOR_FAIL_ERROR_MESSAGE: 'main model not found',
      EMULATOR_FINISH_EMPTY_RATE: '0.5',
      EMULATOR_UNKNOWN_STATUS_RATE: '1',
      EMULATOR_UNKNOWN_STATUS: 'Upscaling',
      EMULATOR_LIST_UNKNOWN_TASKS: '1',
    });
    expect(config.port).toBe(9999);
    expect(config.publicBaseUrl).toBe('http://emulator.local:9999');
    expect(config.faults).toMatchObject({ failTaskRate: 0.25, failErrorCode: 42, submitRetCode: 8001, rateLimitPerMin: 60, actions: ['GenerateBackgrounds', 'Image'] });
    expect(config.faults).toMatchObject({ failErrorMessage: 'main model not found', finishEmptyRate: 0.5, unknownStatusRate: 1, unknownStatus: 'Upscaling', listUnknownTasks: true });
  });

  it('names the variable and the rule when a value is invalid', () => {
    expect(() => loadEmulatorConfig({ EMULATOR_PORT: '70000' })).toThrow(EmulatorConfigError);
    expect(() => loadEmulatorConfig({ EMULATOR_PORT: '70000' })).toThrow(/EMULATOR_PORT: must be at most 65535/);
    expect(() => loadEmulatorConfig({ EMULATOR_HTTP500_RATE: '1.5' })).toThrow(/EMULATOR_HTTP500_RATE: must be at most 1/);
    expect(() => loadEmulatorConfig({ EMULATOR_QUEUE_MS: 'soon' })).toThrow(/EMULATOR_QUEUE_MS/);
    expect(() => loadEmulatorConfig({ EMULATOR_LIST_UNKNOWN_TASKS: 'yes' })).toThrow(/EMULATOR_LIST_UNKNOWN_TASKS: must be 0 or 1/);
  });
});
