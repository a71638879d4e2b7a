// The Generate form: its parameters, whether the designer chose the area (so a new selection no
// longer resets it), the confirmations Generate waits for, and the Advanced section.
import { signal, type ReadonlySignal } from './signals';
import type { Settings } from '../../src/protocol/shapes';
import type { SelectionState } from '../../src/protocol/selection-shapes';
import type { UiChannel } from '../../src/protocol/ui-channel';
import { DEFAULT_FORM, restoreFormParams, type FormParams } from '../lib/form-params';

/** What Generate asks the designer to confirm before it spends credits. */
export type GenerateConfirmation = 'empty-prompt' | 'opaque-layer';

/** Form fields that change what the preview shows (the area, or which layers the background hides). */
const PREVIEW_FIELDS: readonly (keyof FormParams)[] = ['areaKind', 'padding', 'aspect', 'customAreaWidth', 'customAreaHeight', 'placement', 'referenceSource'];

export interface FormStateDeps {
  channel: UiChannel;
  /** A change that alters the preview (see PREVIEW_FIELDS). */
  onPreviewInput(): void;
}

export function createFormState(deps: FormStateDeps) {
  const form = signal<FormParams>(DEFAULT_FORM);
  /** Confirmations Generate is waiting for (empty prompt, opaque layer); empty when none. */
  const pendingConfirmations = signal<GenerateConfirmation[]>([]);
  /** The Advanced section of the Generate tab (remembered in settings). */
  const advancedOpen = signal(false);
  let areaTouched = false;

  function updateForm(patch: Partial<FormParams>): void {
    pendingConfirmations.value = [];
    if ('areaKind' in patch || 'padding' in patch || 'aspect' in patch) areaTouched = true;
    form.value = { ...form.value, ...patch };
    // An empty patch is a nudge (e.g. the reference layer changed): refresh too.
    const keys = Object.keys(patch) as (keyof FormParams)[];
    if (keys.length === 0 || keys.some((key) => PREVIEW_FIELDS.includes(key))) deps.onPreviewInput();
  }

  /**
   * Replaces the form as a whole (a Regenerate, a reused seed), asking for no refresh. With
   * `keepArea` (a restored job's area) selections no longer reset the area.
   */
  function setForm(next: FormParams, keepArea = false): void {
    if (keepArea) areaTouched = true;
    form.value = next;
  }

  /** Until the designer picks an area, each selection gets its default: its frame, or the layer with padding. */
  function applyAreaDefault(selection: SelectionState): void {
    if (!areaTouched && selection.groups[0]) {
      form.value = selection.groups[0].frame ? { ...form.value, areaKind: 'frame' } : { ...form.value, areaKind: 'layer', padding: 25 };
    }
  }

  /** What Generate waits for the designer to confirm; empty to dismiss. */
  function setConfirmations(needed: GenerateConfirmation[]): void {
    pendingConfirmations.value = needed;
  }

  function setAdvancedOpen(open: boolean): void {
    if (advancedOpen.value === open) return;
    advancedOpen.value = open;
    void deps.channel.requestAsync('saveSettings', { settings: { advancedOpen: open } }).catch(() => undefined);
  }

  /** The last sent parameters and the Advanced section as the stored settings have them. */
  function restoreForm(settings: Settings): void {
    form.value = restoreFormParams(settings.lastParams);
    advancedOpen.value = settings.advancedOpen === true;
  }

  return {
    form: form as ReadonlySignal<FormParams>,
    pendingConfirmations: pendingConfirmations as ReadonlySignal<GenerateConfirmation[]>,
    advancedOpen: advancedOpen as ReadonlySignal<boolean>,
    updateForm,
    setForm,
    applyAreaDefault,
    setConfirmations,
    setAdvancedOpen,
    restoreForm,
  };
}
