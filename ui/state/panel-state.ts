// Where the panel is: the open tab, the job the Jobs tab scrolls to, the field the Generate tab
// focuses once, and the note shown over the Generate form.
import { batch, signal, type ReadonlySignal } from './signals';

export type TabName = 'Generate' | 'Jobs' | 'Settings';

/** A field the Generate tab can be asked to scroll to and focus: Seed, or the first field with a problem. */
export type RevealableField = 'seed' | 'problem';

export function createPanelState() {
  const tab = signal<TabName>('Generate');
  /** The job the Jobs tab should scroll to (from the running-jobs strip). */
  const focusedJobId = signal<string | null>(null);
  /** A field the Generate tab should scroll to and focus once (e.g. Seed after "Reuse seed"). */
  const revealField = signal<RevealableField | null>(null);
  /** A note over the Generate form, e.g. what a Regenerate prepared. */
  const notice = signal<string | null>(null);

  function showTab(name: TabName): void {
    tab.value = name;
  }

  /** From the running-jobs strip: the Jobs tab, scrolled to that job. */
  function showJob(jobId: string): void {
    batch(() => {
      focusedJobId.value = jobId;
      tab.value = 'Jobs';
    });
  }

  /** The Jobs tab has scrolled to the focused job. */
  function clearFocusedJob(): void {
    focusedJobId.value = null;
  }

  /** Asks the Generate tab to focus `field`; null once it has. */
  function reveal(field: RevealableField | null): void {
    revealField.value = field;
  }

  function setNotice(text: string | null): void {
    notice.value = text;
  }

  return {
    tab: tab as ReadonlySignal<TabName>,
    focusedJobId: focusedJobId as ReadonlySignal<string | null>,
    revealField: revealField as ReadonlySignal<RevealableField | null>,
    notice: notice as ReadonlySignal<string | null>,
    showTab,
    showJob,
    clearFocusedJob,
    reveal,
    setNotice,
  };
}
