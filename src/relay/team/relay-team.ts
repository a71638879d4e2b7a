// The team rules the app applies around each PICPIK call, in one place: who is calling (and
// their shared rate limit), budgets before anything goes upstream, task ownership on the way
// in and out, usage recording, and the designer's own summary for GET /v1/me.
import { PICPIK_RESULT_LIFETIME_HOURS } from '../../contract/result-lifetime';
import type { RelayMe } from '../../contract/relay-me';
import { isTaskAction } from '../../contract/schemas';
import { RelayHttpError } from '../relay-http-error';
import { monthOf, type Designer, type RelayStore } from '../store/relay-store';
import { ANONYMOUS_DESIGNER, createDesignerAuth } from './designer-auth';
import { createSharedRateLimit } from './shared-rate-limit';
import { createTaskVisibility, unknownTaskDetail } from './task-visibility';
import { createUsageRecorder } from './usage-recorder';
import { createCreditHolds, imagesOfTask, type CreditHold } from './credit-holds';


export interface TeamOptions {
  rateLimitPerMin: number;
  teamVisibleTasks: boolean;
  now: () => number;
  onCreditsRecorded?: (credits: number) => void;
  /** A store write that failed after PICPIK had already acted (the request itself still succeeds). */
  onStoreFault?: (what: string, error: unknown) => void;
}

/** What the app does with an action after the team rules ran. */
export type ActionPlan =
  | { kind: 'forward'; params: Record<string, unknown>; hidden: ReadonlySet<string>; hold?: CreditHold }
  | { kind: 'answer'; answer: Record<string, unknown> };

/** GET /v1/me, in the shape the plugin validates. */
export type MeAnswer = RelayMe;

const notKnown = (taskUid: string) =>
  new RelayHttpError(404, `PICPIK does not know the task ${taskUid} (results are kept for ${PICPIK_RESULT_LIFETIME_HOURS} hours).`, { field: 'TaskUID', detail: 'task not visible to caller' });

export function createRelayTeam(store: RelayStore, options: TeamOptions) {
  const auth = createDesignerAuth(store, options.now);
  const rateLimit = createSharedRateLimit(store, options.rateLimitPerMin, options.now);
  const visibility = createTaskVisibility(store, options.teamVisibleTasks);
  const holds = createCreditHolds(options.now, PICPIK_RESULT_LIFETIME_HOURS * 3600_000);
  const usage = createUsageRecorder(store, options.now, (_uid, credits) => options.onCreditsRecorded?.(credits), (uid) => holds.releaseTask(uid));

  /**
   * Passes while what the month used plus what running tasks hold stays under the budget; then
   * holds this request's least cost. The hold is taken before the store is asked, so concurrent
   * requests each see the others'. A request that passes may end a little past the budget.
   */
  async function holdWithinBudgetAsync(designer: Designer, action: string, params: Record<string, unknown>): Promise<CreditHold | undefined> {
    if (designer.budgetCredits === null) return undefined;
    let held = holds.heldBy(designer.name);
    const hold = holds.hold(designer.name, imagesOfTask(action, params));
    try {
      const month = monthOf(options.now());
      const bound = held > 0 ? holds.boundTasksOf(designer.name) : [];
      const [usage, ended] = await Promise.all([store.usageOfAsync(designer.name, month), bound.length > 0 ? store.finishedOfAsync(bound) : new Set<string>()]);
      // Tasks another replica saw end are in `used` already: their holds go.
      if (ended.size > 0) {
        for (const uid of ended) holds.releaseTask(uid);
        held = holds.heldBy(designer.name) - imagesOfTask(action, params);
      }
      const used = usage.credits;
      if (used + held < designer.budgetCredits) return hold;
      const running = held > 0 ? `, ${held} held by tasks still running` : '';
      throw new RelayHttpError(
        402,
        `Your monthly budget of ${designer.budgetCredits} credits is used up (${used} used in ${month}${running}). Ask whoever runs the relay to raise it, or wait for next month.`,
        { detail: `budget ${designer.budgetCredits}, used ${used}, held ${held}` },
      );
    } catch (error) {
      hold.release();
      throw error;
    }
  }

  return {
    /**
     * The designer behind the request, within their rate limit; throws 401 or 429. `whenOpen` runs
     * when the store has no designers yet and the caller is let in without a token.
     */
    async admitAsync(authorization: string | null | undefined, whenOpen?: () => void): Promise<Designer> {
      const result = await auth.authenticateAsync(authorization);
      if (!result.ok) {
        throw new RelayHttpError(401, 'The relay token is missing or not valid. Check the token in the plugin settings.', { detail: `auth ${result.reason}` });
      }
      if (result.designer === ANONYMOUS_DESIGNER) whenOpen?.();
      const decision = await rateLimit.takeAsync(result.designer.name);
      if (!decision.allowed) {
        throw new RelayHttpError(429, `Too many requests for this token. Try again in ${decision.retryAfterSeconds} s.`, {
          detail: 'relay rate limit',
          retryAfterSeconds: decision.retryAfterSeconds,
        });
      }
      return result.designer;
    },

    /** Budget and ownership checks before an action goes upstream; may answer it locally. */
    async planActionAsync(designer: Designer, action: string, params: Record<string, unknown>): Promise<ActionPlan> {
      const hold = isTaskAction(action) ? await holdWithinBudgetAsync(designer, action, params) : undefined;
      if (action === 'TerminateTask' && typeof params['TaskUID'] === 'string') {
        const hidden = await visibility.hiddenOfAsync(designer.name, [params['TaskUID']]);
        if (hidden.size > 0) throw notKnown(params['TaskUID']);
      }
      if (action === 'ListTasksDetails' && Array.isArray(params['TaskUIDList'])) {
        const asked = params['TaskUIDList'] as string[];
        const hidden = await visibility.hiddenOfAsync(designer.name, asked);
        // Every entry, not the count: a list repeating one hidden id must not go upstream emptied.
        if (asked.length > 0 && asked.every((uid) => hidden.has(uid))) {
          return { kind: 'answer', answer: { Action: 'ListTasksDetailsResponse', RetCode: 0, Message: '', TaskDetailList: asked.map(unknownTaskDetail) } };
        }
        if (hidden.size > 0) return { kind: 'forward', params: { ...params, TaskUIDList: asked.filter((uid) => !hidden.has(uid)) }, hidden };
      }
      return { kind: 'forward', params, hidden: new Set(), ...(hold ? { hold } : {}) };
    },

    /**
     * Records what the answer tells (a new task's owner, finished tasks' credits) and returns the
     * answer to send when it must differ from PICPIK's (hidden tasks put back, others' tasks removed).
     */
    async afterAnswerAsync(
      designer: Designer,
      action: string,
      askedParams: Record<string, unknown>,
      plan: ActionPlan & { kind: 'forward' },
      answer: Record<string, unknown>,
    ): Promise<Record<string, unknown> | undefined> {
      if (answer['RetCode'] !== 0) {
        plan.hold?.release();
        return undefined;
      }
      if (isTaskAction(action) && typeof answer['TaskUID'] === 'string') {
        plan.hold?.bind(answer['TaskUID']);
        const task = { taskUid: answer['TaskUID'], designer: designer.name, action, createdAt: options.now() };
        // PICPIK has started (and will bill) the task: a store fault now must not turn the answer
        // into an error inviting a second, paid submission. This replica still knows the owner.
        visibility.remember(task.taskUid, task.designer);
        await store.recordTaskAsync(task).catch((error: unknown) => options.onStoreFault?.(`recording the owner of task ${task.taskUid}`, error));
        return undefined;
      }
      if (action === 'ListTasksDetails') {
        await usage.recordFromAnswerAsync(answer);
        if (plan.hidden.size === 0 || !Array.isArray(answer['TaskDetailList'])) return undefined;
        const byUid = new Map<string, unknown>();
        for (const detail of answer['TaskDetailList'] as Record<string, unknown>[]) byUid.set(String(detail?.['TaskUID']), detail);
        const asked = askedParams['TaskUIDList'] as string[];
        return { ...answer, TaskDetailList: asked.map((uid) => (plan.hidden.has(uid) ? unknownTaskDetail(uid) : byUid.get(uid) ?? unknownTaskDetail(uid))) };
      }
      if (action === 'ListRunningTasks' && !options.teamVisibleTasks && Array.isArray(answer['TaskUIDList'])) {
        const listed = (answer['TaskUIDList'] as unknown[]).filter((uid): uid is string => typeof uid === 'string');
        const hidden = await visibility.hiddenOfAsync(designer.name, listed);
        return { ...answer, TaskUIDList: listed.filter((uid) => !hidden.has(uid)) };
      }
      return undefined;
    },

    /** Throws the 404 PICPIK would give when the designer may not see the task. */
    async assertTaskVisibleAsync(designer: Designer, taskUid: string): Promise<void> {
      if ((await visibility.hiddenOfAsync(designer.name, [taskUid])).size > 0) throw notKnown(taskUid);
    },

    /**
     * Records the credits of finished tasks in a ListTasksDetails answer the relay asked for
     * itself (the image route's lookup): a designer who downloads without polling is billed too.
     */
    recordUsageAsync: (answer: Record<string, unknown>) => usage.recordFromAnswerAsync(answer),

    /** The listed tasks the designer may not see (for routes that answer them as unknown). */
    hiddenOfAsync: (designer: Designer, taskUids: readonly string[]) => visibility.hiddenOfAsync(designer.name, taskUids),

    /** A finished task's image URLs as any replica recorded them. */
    imageUrlsOfAsync: (taskUid: string) => store.imageUrlsOfAsync(taskUid),

    async meAsync(designer: Designer): Promise<MeAnswer> {
      const month = monthOf(options.now());
      const used = await store.usageOfAsync(designer.name, month);
      return { name: designer.name, month, creditsUsed: used.credits, creditsBudget: designer.budgetCredits, tasks: used.tasks };
    },
  };
}

export type RelayTeam = ReturnType<typeof createRelayTeam>;
