// The poller's public shapes: its options, its handle, and the connection state it reports.
import type { JobRecord } from '../../src/protocol/shapes';
import type { RelayClient } from './relay-client';
import type { WaitCapableClient } from './task-wait-source';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

type ConnectionStatus = 'ok' | 'retrying' | 'problem';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Consecutive failed ticks. */
  failures: number;
  message?: string;
  detail?: string;
}

export interface PollerOptions {
  /** With waitForTasksAsync and healthAsync, ticks wait through the relay when it offers that. */
  client: Pick<RelayClient, 'callAsync' | 'downloadImageAsync'> & WaitCapableClient;
  /** Sends one image to main (placeImage) and returns main's updated record. */
  placeImageAsync(jobId: string, imageIndex: number, png: Uint8Array, seed?: number): Promise<JobRecord>;
  /** Write-through of a job record (saveJob). */
  saveJobAsync(job: JobRecord): Promise<void>;
  /** Every state change, for the UI's mirror. */
  onJob?(job: JobRecord): void;
  onConnection?(state: ConnectionState): void;
  /** A two-stage job whose first stage main has placed (and moved on): send its next stage. */
  onNextStage?(job: JobRecord): void;
  timers?: Timers;
  now?: () => number;
  log?(text: string): void;
}

export interface JobPoller {
  /** Starts polling a job that has a TaskUID; polling restarts at the short interval. */
  track(job: JobRecord): void;
  /** Resumes restored jobs: open ones are polled again, unfinished downloads retried. */
  resume(jobs: readonly JobRecord[]): void;
  /** TerminateTask + stop polling it; returns the cancelled record. */
  cancelAsync(jobId: string): Promise<JobRecord | undefined>;
  isTracking(jobId: string): boolean;
  connection(): ConnectionState;
  /** Milliseconds until the next tick, or null when idle. */
  nextDelay(): number | null;
  stop(): void;
}
