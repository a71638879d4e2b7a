// The Generate tab's footer, fixed at the bottom of the panel: Variations, what the run will cost,
// and Generate (also Cmd/Ctrl+Enter anywhere on the tab). When Generate cannot run it is disabled and the
// footer says why; an empty prompt or a layer without transparency asks first.
import { creditsText } from '../lib/credit-estimate';
import { problemCountText } from '../lib/field-problems';
import { useApp } from './app-context';
import { NumberField } from './fields';
import { PICPIK_LIMITS } from '../../src/contract/generate-backgrounds-rules';
import { Button } from './button';
import { useEffect, useRef } from './hooks';

/** "⌘ Enter" on a Mac, "Ctrl Enter" elsewhere: the shortcut the App's key handler accepts. */
function shortcutText(): string {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘ Enter' : 'Ctrl Enter';
}

const CONFIRM_TEXT = {
  'empty-prompt': 'The prompt is empty: PICPIK picks any scene, and the run costs credits. Choose a scene above, or generate anyway.',
  'opaque-layer': 'A selected layer has no transparent pixels, so the background only shows around its rectangle. Cut it out first for a scene behind the subject, or generate anyway.',
} as const;

export function GenerateFooter() {
  const app = useApp();
  const problems = app.fieldProblems.value;
  const selectionProblem = problems.find((problem) => problem.field === 'selection');
  const confirmations = app.pendingConfirmations.value;
  const estimate = app.costEstimate.value;
  const blocked = problems.length > 0;
  // The footer's own field (Variations) has its problem said here; other fields show theirs in place.
  const variationsProblem = problems.find((problem) => problem.field === 'batchSize');
  const why = selectionProblem
    ? selectionProblem.message
    : variationsProblem
      ? [variationsProblem.message, problems.length > 1 ? problemCountText(problems.length) : ''].filter(Boolean).join(' · ')
      : blocked
        ? problemCountText(problems.length)
        : undefined;
  const form = app.form.value;
  // The question takes focus as it appears (a keyboard user asked from the prompt would otherwise
  // Tab through the form to reach it), and gives it back where it was once answered or dismissed.
  const asking = confirmations.length > 0;
  const before = useRef<HTMLElement>(null);
  const confirmBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (asking) {
      before.current = document.activeElement as HTMLElement | null;
      confirmBox.current?.querySelector<HTMLButtonElement>('button')?.focus();
    } else if (before.current) {
      const lost = !document.activeElement || document.activeElement === document.body;
      if (lost && before.current.isConnected) before.current.focus();
      before.current = null;
    }
  }, [asking]);
  return (
    <footer class="generate-footer" aria-label="Generate">
      {asking ? (
        <div
          ref={confirmBox}
          class="confirm"
          role="alertdialog"
          aria-labelledby="confirm-text"
          onKeyDown={(event) => {
            // Escape means Not now.
            if (event.key === 'Escape') app.setConfirmations([]);
          }}
        >
          <p id="confirm-text">{confirmations.map((reason) => CONFIRM_TEXT[reason]).join(' ')}</p>
          <div class="row">
            <Button data-tone="primary" onClick={() => void app.generateAsync({ confirmed: true })}>
              Generate anyway
            </Button>
            <Button secondary onClick={() => app.setConfirmations([])}>
              Not now
            </Button>
          </div>
        </div>
      ) : null}
      <div class="footer-row">
        <div class="footer-variations">
          <NumberField label="Variations" tip="BatchSize (1 to 16)" min={PICPIK_LIMITS.BatchSize.min} max={PICPIK_LIMITS.BatchSize.max} value={form.batchSize} invalid={variationsProblem !== undefined} onChange={(value) => app.updateForm({ batchSize: value })} />
        </div>
        <div class="footer-status" id="generate-status" aria-live="polite">
          {why && !selectionProblem && problems.some((problem) => problem.field !== 'batchSize') ? (
            // A problem may sit under a closed Advanced, or scrolled away: this shows the first one.
            <button type="button" class="footer-why invalid link-button" onClick={() => app.reveal('problem')}>
              {why}
            </button>
          ) : why ? (
            <span class={selectionProblem ? 'footer-why' : 'footer-why invalid'}>{why}</span>
          ) : estimate !== undefined ? (
            <span>about {creditsText(estimate)}</span>
          ) : null}
        </div>
        <div class="footer-action">
          <Button
            data-tone="primary"
            disabled={blocked}
            loading={app.generating.value}
            aria-describedby="generate-status"
            aria-keyshortcuts="Control+Enter Meta+Enter"
            onClick={() => void app.generateAsync()}
          >
            Generate
          </Button>
          <span class="shortcut" aria-hidden="true">
            {shortcutText()}
          </span>
        </div>
      </div>
    </footer>
  );
}
