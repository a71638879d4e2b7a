// The Generate tab: what most runs need on the first screen (preview, scenes, prompt, area), and
// every other GenerateBackgrounds parameter under one remembered "Advanced" disclosure. The
// Generate button lives in the footer (generate-footer.tsx), always in view.
import { useEffect } from './hooks';
import type { ProblemField } from '../lib/field-problems';
import { RESIZE_MODES } from '../../src/contract/resize-mode';
import { DEFAULT_MODEL_CODE, type FormParams } from '../lib/form-params';
import { useApp } from './app-context';
import { FieldRow, NumberField, SelectField, useFieldId } from './fields';
import { PICPIK_LIMITS } from '../../src/contract/generate-backgrounds-rules';
import { FIXED_SEED } from '../state/generate-plan';

import { PreviewPanel } from './preview-panel';
import { RunningJobsStrip } from './running-jobs-strip';
import { SceneTiles } from './scene-tiles';
import { CleanPlateOption } from './clean-plate-controls';
import { SubModelsEditor } from './sub-models-editor';
import { TextField } from './text-field';
import { FileButton } from './button';
import { Disclosure, RangeSlider, SegmentedControl, Toggle } from './controls';

const OTHER_MODEL = '__other__';

/** The current problem of one form field, if any (recomputed with every change of the form). */
function problemOf(app: ReturnType<typeof useApp>, field: ProblemField): string | undefined {
  const messages = app.fieldProblems.value.filter((problem) => problem.field === field).map((problem) => problem.message);
  return messages.length > 0 ? messages.join('; ') : undefined;
}

function ModelField() {
  const app = useApp();
  const form = app.form.value;
  const main = app.models.value ? Object.values(app.models.value.MainModels) : [];
  const codeId = useFieldId('model');
  const known = main.some((model) => model.ModelCode === form.modelCode);
  if (main.length === 0) {
    return (
      <FieldRow label="Model" htmlFor={codeId} hint={app.modelsError.value ? `Model list unavailable (${app.modelsError.value}): type a model code` : undefined}>
        <TextField id={codeId} value={form.modelCode} placeholder={DEFAULT_MODEL_CODE} onValueInput={(value: string) => app.updateForm({ modelCode: value })} />
      </FieldRow>
    );
  }
  return (
    <>
      <SelectField
        label="Model"
        tip="MainModel.ModelCode"
        problem={problemOf(app, 'model')}
        value={known ? form.modelCode : OTHER_MODEL}
        options={[...main.map((model) => ({ value: model.ModelCode, text: model.Name ?? model.ModelCode })), { value: OTHER_MODEL, text: 'Other (type a code)…' }]}
        onChange={(value) => app.updateForm({ modelCode: value === OTHER_MODEL ? '' : value })}
      />
      {known ? null : (
        <FieldRow label="Model code" htmlFor={codeId}>
          <TextField id={codeId} value={form.modelCode} onValueInput={(value: string) => app.updateForm({ modelCode: value })} />
        </FieldRow>
      )}
    </>
  );
}

function AreaFields() {
  const app = useApp();
  const form = app.form.value;
  return (
    <>
      <SelectField
        label="Area"
        value={form.areaKind}
        options={[
          { value: 'frame', text: 'Frame' },
          { value: 'layer', text: 'Layer' },
          { value: 'aspect', text: 'Aspect ratio' },
          { value: 'custom', text: 'Custom size' },
        ]}
        onChange={(value) => app.updateForm({ areaKind: value as FormParams['areaKind'] })}
      />
      {form.areaKind === 'layer' ? (
        <FieldRow label="Padding">
          <SegmentedControl
            label="Padding"
            value={String(form.padding)}
            options={['0', '10', '25', '50'].map((value) => ({ value, text: `${value} %` }))}
            onValueChange={(value) => app.updateForm({ padding: Number(value) as FormParams['padding'] })}
          />
        </FieldRow>
      ) : null}
      {form.areaKind === 'aspect' ? (
        <SelectField
          label="Aspect ratio"
          value={form.aspect}
          options={['1:1', '4:5', '3:2', '16:9', '9:16'].map((value) => ({ value, text: value }))}
          onChange={(value) => app.updateForm({ aspect: value as FormParams['aspect'] })}
        />
      ) : null}
      {form.areaKind === 'custom' ? (
        <div class="row">
          <NumberField label="Area width" min={1} value={form.customAreaWidth} onChange={(value) => app.updateForm({ customAreaWidth: value })} />
          <NumberField label="Area height" min={1} value={form.customAreaHeight} onChange={(value) => app.updateForm({ customAreaHeight: value })} />
        </div>
      ) : null}
    </>
  );
}

function OutputFields() {
  const app = useApp();
  const form = app.form.value;
  const output = app.plannedJobs.value[0]?.plan.output ?? { width: form.customWidth, height: form.customHeight };
  return (
    <>
      <FieldRow label="Output size" tip="Width x Height of the generated image">
        <SegmentedControl
          label="Output size"
          value={form.sizeChoice}
          options={[
            { value: '1x', text: '1x' },
            { value: '2x', text: '2x' },
            { value: 'draft', text: 'Draft' },
            { value: 'custom', text: 'Custom' },
          ]}
          onValueChange={(value) =>
            app.updateForm(value === 'custom' ? { sizeChoice: 'custom', customWidth: output.width, customHeight: output.height } : { sizeChoice: value as FormParams['sizeChoice'] })
          }
        />
      </FieldRow>
      <div class="row">
        <NumberField label="Width" tip="Width" min={PICPIK_LIMITS.Size.min} max={PICPIK_LIMITS.Size.max} problem={problemOf(app, 'width')} value={output.width} suffix="px" onChange={(value) => app.updateForm({ sizeChoice: 'custom', customWidth: value, customHeight: output.height })} />
        <NumberField label="Height" tip="Height" min={PICPIK_LIMITS.Size.min} max={PICPIK_LIMITS.Size.max} problem={problemOf(app, 'height')} value={output.height} suffix="px" onChange={(value) => app.updateForm({ sizeChoice: 'custom', customWidth: output.width, customHeight: value })} />
      </div>
    </>
  );
}

function ReferenceFields() {
  const app = useApp();
  const form = app.form.value;
  const candidates = app.selection.value.layers;
  const referenceProblem = problemOf(app, 'reference');
  return (
    <>
      <SelectField
        label="Background reference"
        tip="BackgroundImage2Image"
        value={form.referenceSource}
        options={[
          { value: 'none', text: 'None' },
          { value: 'layer', text: 'A selected layer' },
          { value: 'file', text: 'An image file' },
        ]}
        onChange={(value) => app.updateForm({ referenceSource: value as FormParams['referenceSource'] })}
      />
      {form.referenceSource === 'layer' ? (
        <SelectField
          label="Reference layer"
          value={app.referenceLayerId.value ?? ''}
          options={[{ value: '', text: candidates.length > 1 ? 'Choose…' : 'Select a second layer' }, ...candidates.map((layer) => ({ value: layer.id, text: layer.name }))]}
          onChange={(value) => {
            app.setReferenceLayer(value || null);
            app.updateForm({});
          }}
        />
      ) : null}
      {form.referenceSource === 'file' ? (
        <FieldRow label="Reference file" hint={app.referenceFile.value?.name ?? 'PNG, JPEG or WebP'}>
          <FileButton label="Reference file" accept="image/png,image/jpeg,image/webp" onFile={async (file) => app.setReferenceFile({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })}>
            Choose image…
          </FileButton>
        </FieldRow>
      ) : null}
      {referenceProblem ? <div class="field-problem">{referenceProblem}</div> : null}
      {form.referenceSource !== 'none' ? (
        <div class="slider-row">
          <RangeSlider label="Reference strength" minimum={0} maximum={1} increment={0.01} value={form.referStrength} onInput={(value) => app.updateForm({ referStrength: value })} />
          <span class="slider-value">{form.referStrength.toFixed(2)}</span>
        </div>
      ) : null}
    </>
  );
}

function AdvancedFields() {
  const app = useApp();
  const form = app.form.value;
  const negativeId = useFieldId('negative');
  const negativeProblem = problemOf(app, 'negativePrompt');
  return (
    <>
      <FieldRow label="Avoid" tip="NegativePrompts" htmlFor={negativeId} problem={negativeProblem} hint="Things the scene should not show">
        <TextField id={negativeId} rows={2} value={form.negativePrompt} onValueInput={(value: string) => app.updateForm({ negativePrompt: value })} />
      </FieldRow>
      <OutputFields />
      <div class="row">
        <NumberField label="Steps" min={PICPIK_LIMITS.Steps.min} max={PICPIK_LIMITS.Steps.max} tip="InferenceParams.Steps: more steps, more detail, slower" problem={problemOf(app, 'steps')} value={form.steps} onChange={(value) => app.updateForm({ steps: value })} />
        <FieldRow label="Seed" tip="Seed: the same seed and prompt give the same scene">
          <SegmentedControl
            label="Seed mode"
            value={form.seedMode}
            options={[
              { value: 'random', text: 'Random' },
              { value: 'fixed', text: 'Fixed' },
            ]}
            onValueChange={(value) => app.updateForm({ seedMode: value as FormParams['seedMode'] })}
          />
        </FieldRow>
      </div>
      {form.seedMode === 'fixed' ? (
        <NumberField id="seed-field" label="Seed number" tip="Seed" min={FIXED_SEED.min} max={FIXED_SEED.max} problem={problemOf(app, 'seed')} value={form.seed} onChange={(value) => app.updateForm({ seed: value })} />
      ) : null}
      <ModelField />
      <SubModelsEditor />
      <Toggle value={form.useMainModelVAE} onValueChange={(value) => app.updateForm({ useMainModelVAE: value })}>
        <span title="UseMainModelVAE">Use the model's own colour decoder</span>
      </Toggle>
      <Toggle value={form.translatePrompts} onValueChange={(value) => app.updateForm({ translatePrompts: value })}>
        <span title="TranslatePrompts">Translate prompts to English</span>
      </Toggle>
      <SelectField
        label="Fit: stretch / crop / fill"
        tip="ResizeMode: JustResize / CropAndResize / ResizeAndFill"
        value={form.resizeMode}
        options={RESIZE_MODES.map((mode) => ({ value: mode, text: FIT_TEXT[mode] }))}
        onChange={(value) => app.updateForm({ resizeMode: value as FormParams['resizeMode'] })}
      />
      <SelectField
        label="Placement"
        value={form.placement}
        options={[
          { value: 'behind', text: 'Directly behind the layer' },
          { value: 'bottom', text: 'At the bottom of the frame' },
          { value: 'outside', text: 'Outside the main component' },
        ]}
        onChange={(value) => app.updateForm({ placement: value as FormParams['placement'] })}
      />
      <ReferenceFields />
      <CleanPlateOption />
    </>
  );
}

/** Plain names of PICPIK's ResizeMode values (the tooltip names the terms). */
const FIT_TEXT: Record<FormParams['resizeMode'], string> = { JustResize: 'Stretch', CropAndResize: 'Crop', ResizeAndFill: 'Fill' };

export function GenerateTab() {
  const app = useApp();
  const form = app.form.value;
  const promptId = useFieldId('prompt');
  const promptProblem = problemOf(app, 'prompt');
  const open = app.advancedOpen.value;
  const reveal = app.revealField.value;
  useEffect(() => {
    if (reveal === null) return;
    // The first field showing a problem; one under a closed Advanced is shown by opening it.
    const field = reveal === 'seed' ? document.getElementById('seed-field') : document.querySelector('.generate-tab .field.invalid');
    if (!field && reveal === 'problem' && !open) return app.setAdvancedOpen(true);
    app.reveal(null);
    field?.scrollIntoView?.({ block: 'center' });
    (field?.matches('input, textarea, button') ? (field as HTMLElement) : field?.querySelector<HTMLElement>('input, textarea, button'))?.focus();
  }, [reveal, open]);
  return (
    <div class="tab generate-tab">
      {app.notice.value ? (
        <p class="note" role="status">
          {app.notice.value}
        </p>
      ) : null}
      <RunningJobsStrip />
      <PreviewPanel />
      <SceneTiles />
      <FieldRow label="Prompt" tip="PositivePrompts" htmlFor={promptId} problem={promptProblem} hint="Commas or new lines separate entries">
        <TextField id={promptId} rows={2} value={form.prompt} placeholder="e.g. marble table, soft morning light" onValueInput={(value: string) => app.updateForm({ prompt: value })} />
      </FieldRow>
      <AreaFields />
      <div
        class="advanced"
        onKeyDown={(event) => {
          // Escape closes the section from anywhere inside it, and focus returns to its title.
          if (event.key !== 'Escape' || !open) return;
          app.setAdvancedOpen(false);
          (event.currentTarget as HTMLElement).querySelector<HTMLButtonElement>('.disclosure')?.focus();
        }}
      >
        <Disclosure open={open} title="Advanced" onClick={() => app.setAdvancedOpen(!open)}>
          <div class="advanced-fields">
            <AdvancedFields />
          </div>
        </Disclosure>
      </div>
    </div>
  );
}
