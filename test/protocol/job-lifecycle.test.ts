import { describe, expect, it } from 'vitest';
import { PICPIK_RESULT_LIFETIME_HOURS, PICPIK_RESULT_LIFETIME_MS } from '../../src/contract/result-lifetime';
import { isLaterStage, JOB_STAGES, jobKindOf, jobStageOf } from '../../src/protocol/job-kinds';
import { assertJobTransition, canMoveJob, FINAL_JOB_STATES, isEveryImagePlaced, isOpenJob, isPastResultLifetime, JOB_START_STATE, JOB_STATES, JobTransitionError, moveJob, OPEN_JOB_STATES, reconciledJobState, updateJob, type JobState } from '../../src/protocol/job-lifecycle';
import type { JobRecord } from '../../src/protocol/shapes';

function job(patch: Partial<JobRecord> = {}): JobRecord {
  return {
    id: 'job-1', createdAt: 1_000, updatedAt: 1_000, state: 'queued', taskUid: 'task-1', pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2',
    frameId: null, area: { x: 0, y: 0, width: 100, height: 100 }, areaSpec: { kind: 'layer', padding: 0 }, placement: 'behind',
    output: { width: 512, height: 512 }, foreground: { width: 512, height: 512 }, resizeMode: 'ResizeAndFill', params: {}, label: 'x',
    imageCount: 2, placedImages: [], placedNodeIds: [], ...patch,
  };
}

/** Every move the lifecycle allows (staying in a state aside), written out as the specification. */
const LEGAL: Array<[JobState, JobState]> = [
  ['sending', 'queued'], ['sending', 'failed'], ['sending', 'cancelled'], ['sending', 'expired'],
  ['queued', 'running'], ['queued', 'downloading'], ['queued', 'placed'], ['queued', 'failed'], ['queued', 'cancelled'], ['queued', 'expired'],
  ['running', 'queued'], ['running', 'downloading'], ['running', 'placed'], ['running', 'failed'], ['running', 'cancelled'], ['running', 'expired'],
  ['downloading', 'running'], ['downloading', 'placed'], ['downloading', 'failed'], ['downloading', 'cancelled'], ['downloading', 'expired'],
  ['expired', 'placed'],
];

const isLegal = (from: JobState, to: JobState) => LEGAL.some(([a, b]) => a === from && b === to);
const ILLEGAL: Array<[JobState, JobState]> = JOB_STATES.flatMap((from) => JOB_STATES.filter((to) => to !== from && !isLegal(from, to)).map((to): [JobState, JobState] => [from, to]));

describe('job states', () => {
  it('are the eight states records are stored with, in their stored order', () => {
    expect(JOB_STATES).toEqual(['sending', 'queued', 'running', 'downloading', 'placed', 'failed', 'cancelled', 'expired']);
  });

  it('split into open (still working towards images) and final, with no state in both or neither', () => {
    expect(OPEN_JOB_STATES).toEqual(['sending', 'queued', 'running', 'downloading']);
    expect(FINAL_JOB_STATES).toEqual(['placed', 'failed', 'cancelled', 'expired']);
    expect([...OPEN_JOB_STATES, ...FINAL_JOB_STATES].sort()).toEqual([...JOB_STATES].sort());
    expect(isOpenJob(job({ state: 'downloading' }))).toBe(true);
    expect(isOpenJob(job({ state: 'expired' }))).toBe(false);
  });

  it('start every new job in sending', () => {
    expect(JOB_START_STATE).toBe('sending');
  });
});

describe('job transitions', () => {
  it.each(LEGAL)('allows %s -> %s', (from, to) => {
    expect(canMoveJob(from, to)).toBe(true);
    expect(() => assertJobTransition(from, to)).not.toThrow();
    expect(moveJob(job({ state: from }), to).state).toBe(to);
  });

  it('allows staying in any state (a record changing other fields)', () => {
    for (const state of JOB_STATES) expect(moveJob(job({ state }), state).state).toBe(state);
  });

  it(`refuses the ${ILLEGAL.length} other moves`, () => {
    expect(ILLEGAL.length).toBe(JOB_STATES.length * (JOB_STATES.length - 1) - LEGAL.length);
    for (const [from, to] of ILLEGAL) expect(canMoveJob(from, to), `${from} -> ${to}`).toBe(false);
  });

  it.each<[JobState, JobState]>([
    ['placed', 'downloading'],
    ['placed', 'queued'],
    ['failed', 'running'],
    ['cancelled', 'queued'],
    ['expired', 'running'],
    ['sending', 'placed'],
    ['sending', 'downloading'],
    ['downloading', 'sending'],
  ])('throws on %s -> %s, naming both states and the job', (from, to) => {
    expect(() => moveJob(job({ id: 'job-7', state: from }), to)).toThrow(`job job-7: ${from} -> ${to} is not an allowed job transition`);
    try {
      assertJobTransition(from, to);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(JobTransitionError);
      expect(error).toMatchObject({ from, to });
    }
  });

  it('applies the patch to a copy and leaves the record as it was', () => {
    const before = job({ state: 'running' });
    const after = moveJob(before, 'downloading', { imageCount: 4, updatedAt: 9_000 });
    expect(after).toMatchObject({ state: 'downloading', imageCount: 4, updatedAt: 9_000 });
    expect(before).toMatchObject({ state: 'running', imageCount: 2, updatedAt: 1_000 });
  });

  it('updateJob applies a patch without a state as is, and checks one with a state', () => {
    expect(updateJob(job({ state: 'placed' }), { visibleIndex: 1 })).toMatchObject({ state: 'placed', visibleIndex: 1 });
    expect(updateJob(job({ state: 'queued' }), { state: 'running' }).state).toBe('running');
    expect(() => updateJob(job({ state: 'placed' }), { state: 'running' })).toThrow('placed -> running');
  });
});

describe('moving on to the next stage', () => {
  it('a placed cut-out stage starts its generate stage in sending', () => {
    const next = moveJob(job({ stage: 'cutout', state: 'placed' }), JOB_START_STATE, { stage: 'generate' });
    expect(next).toMatchObject({ stage: 'generate', state: 'sending' });
  });

  it('refuses a stage change from an unfinished stage, into another state, or to a stage the kind does not name', () => {
    expect(() => moveJob(job({ stage: 'cutout', state: 'downloading' }), 'sending', { stage: 'generate' })).toThrow('cutout/downloading -> generate/sending');
    expect(() => moveJob(job({ stage: 'cutout', state: 'placed' }), 'queued', { stage: 'generate' })).toThrow('cutout/placed -> generate/queued');
    expect(() => moveJob(job({ state: 'placed' }), 'sending', { stage: 'plate' })).toThrow('generate/placed -> plate/sending');
    expect(() => moveJob(job({ stage: 'generate', state: 'placed' }), 'sending', { stage: 'cutout' })).toThrow('generate/placed -> cutout/sending');
  });

  it('a placed job of the same stage never goes back to sending', () => {
    expect(() => moveJob(job({ stage: 'cutout', state: 'placed' }), 'sending')).toThrow('placed -> sending');
  });
});

describe('job kinds', () => {
  it('records without a stage are generate jobs', () => {
    expect(jobStageOf(job())).toBe('generate');
    expect(jobKindOf(job({ stage: 'cutout' }))).toMatchObject({ placesBackgrounds: false, clearable: false, next: 'generate' });
    expect(jobKindOf(job({ stage: 'plate' }))).toMatchObject({ placesBackgrounds: true, clearable: false });
  });

  it('orders stages along each kind\'s next stage', () => {
    expect(JOB_STAGES).toEqual(['cutout', 'generate', 'plate']);
    expect(isLaterStage('cutout', 'generate')).toBe(true);
    expect(isLaterStage('generate', 'cutout')).toBe(false);
    expect(isLaterStage('generate', 'generate')).toBe(false);
    expect(isLaterStage('cutout', 'plate')).toBe(false);
  });
});

describe('who sets placed', () => {
  it('main places a job once every one of its images is recorded', () => {
    expect(isEveryImagePlaced(job({ imageCount: 2, placedImages: [0] }))).toBe(false);
    expect(isEveryImagePlaced(job({ imageCount: 2, placedImages: [1, 0] }))).toBe(true);
  });

  it('a lagging copy from the UI never takes a placed job back, and a report main allows stands', () => {
    expect(reconciledJobState('placed', 'downloading')).toBe('placed');
    expect(reconciledJobState('placed', 'running')).toBe('placed');
    expect(reconciledJobState('expired', 'downloading')).toBe('expired');
    expect(reconciledJobState('downloading', 'placed')).toBe('placed');
    expect(reconciledJobState('running', 'cancelled')).toBe('cancelled');
    expect(reconciledJobState('queued', 'running')).toBe('running');
  });
});

describe('result lifetime', () => {
  it('is the 24 hours PICPIK keeps results', () => {
    expect(PICPIK_RESULT_LIFETIME_HOURS).toBe(24);
    expect(PICPIK_RESULT_LIFETIME_MS).toBe(86_400_000);
  });

  it('a job is past it only strictly after 24 h from its creation', () => {
    const created = job({ createdAt: 5_000 });
    expect(isPastResultLifetime(created, 5_000 + PICPIK_RESULT_LIFETIME_MS - 1)).toBe(false);
    expect(isPastResultLifetime(created, 5_000 + 24 * 3_600_000)).toBe(false);
    expect(isPastResultLifetime(created, 5_000 + 24 * 3_600_000 + 1)).toBe(true);
  });
});
