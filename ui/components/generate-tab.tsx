// The Generate tab: preview, area and output size, prompts and scenes, every GenerateBackgrounds
// parameter, placement, reference image, and the Generate button (also Cmd/Ctrl+Enter).
import { Button, RangeSlider, SegmentedControl, Textbox, TextboxMultiline, Toggle } from '@create-figma-plugin/ui';
import { RESIZE_MODES } from '../../src/contract/resize-mode';
import { DEFAULT_MODEL_CODE, type FormParams } from '../lib/form-params';
import { SCENE_PRESETS } from '../lib/scene-presets';
import { useApp } from './app-context';
import { FieldRow, NumberField, SelectField, useFieldId } from './fields';
import { PreviewPanel } from './preview-panel';
import { CleanPlateOption } from './clean-plate-controls';
import { SubModelsEditor } from './sub-models-editor';

const OTHER_MODEL = '__other__';

function ModelField() {
  const app = useApp();
  const form = app.form.value;
  const main = app.models.value ? Object.values(app.models.value.MainModels) : [];
  const codeId = useFieldId('model');
  const known = main.some((model) => model.ModelCode === form.modelCode);
  if (main.length === 0) {
    return (
      <FieldRow label="Model" htmlFor={codeId} hint={app.modelsError.value ? `Model list unavailable (${app.modelsError.value}): type a model code` : undefined}>
        <Textbox variant="border" id={codeId} value={form.modelCode} placeholder={DEFAULT_MODEL_CODE} onValueInput={(value: string) => app.updateForm({ modelCode: value })} />
      </FieldRow>
    );
  }
  return (
    <>
      <SelectField
        label="Model"
        value={known ? form.modelCode : OTHER_MODEL}
        options={[...main.map((model) => ({ value: model.ModelCode, text: model.Name ?? model.ModelCode })), { value: OTHER_MODEL, text: 'Other (type a code)…' }]}
        onChange={(value) => app.updateForm({ modelCode: value === OTHER_MODEL ? '' : value })}
      />
      {known ? null : (
        <FieldRow label="Model code" htmlFor={codeId}>
          <Textbox variant="border" id={codeId} value={form.modelCode} onValueInput={(value: string) => app.updateForm({ modelCode: value })} />
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
            aria-label="Padding"
            value={String(form.padding)}
            options={['0', '10', '25', '50'].map((value) => ({ value, children: `${value} %` }))}
            onValueChange={(value: string) => app.updateForm({ padding: Number(value) as FormParams['padding'] })}
          />
        </FieldRow>
      ) : null}
      {form.areaKind === 'aspect' ? (
        <SelectField
          label="Aspect"
          value={form.aspect}
          options={['1:1', '4:5', '3:2', '16:9', '9:16'].map((value) => ({ value, text: value }))}
          onChange={(value) => app.updateForm({ aspect: value as FormParams['aspect'] })}
        />
      ) : null}
      {form.areaKind === 'custom' ? (
        <div class="row">
          <NumberField label="Area width" value={form.customAreaWidth} onChange={(value) => app.updateForm({ customAreaWidth: value })} />
          <NumberField label="Area height" value={form.customAreaHeight} onChange={(value) => app.updateForm({ customAreaHeight: value })} />
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
      <FieldRow label="Output size">
        <SegmentedControl
          aria-label="Output size"
          value={form.sizeChoice}
          options={[
            { value: '1x', children: '1x' },
            { value: '2x', children: '2x' },
            { value: 'draft', children: 'Draft' },
            { value: 'custom', children: 'Custom' },
          ]}
          onValueChange={(value: string) =>
            app.updateForm(value === 'custom' ? { sizeChoice: 'custom', customWidth: output.width, customHeight: output.height } : { sizeChoice: value as FormParams['sizeChoice'] })
          }
        />
      </FieldRow>
      <div class="row">
        <NumberField label="Width" value={output.width} suffix="px" onChange={(value) => app.updateForm({ sizeChoice: 'custom', customWidth: value, customHeight: output.height })} />
        <NumberField label="Height" value={output.height} suffix="px" onChange={(value) => app.updateForm({ sizeChoice: 'custom', customWidth: output.width, customHeight: value })} />
      </div>
    </>
  );
}

function ReferenceFields() {
  const app = useApp();
  const form = app.form.value;
  const fileId = useFieldId('file');
  const candidates = app.selection.value.layers;
  return (
    <>
      <SelectField
        label="Background reference"
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
            app.referenceLayerId.value = value || null;
            app.updateForm({});
          }}
        />
      ) : null}
      {form.referenceSource === 'file' ? (
        <FieldRow label="Reference file" htmlFor={fileId} hint={app.referenceFile.value?.name}>
          <input
            id={fileId}
            type="file"
            accept="image/png,image/jpeg,image/webp"
            onChange={async (event) => {
              const file = (event.currentTarget as HTMLInputElement).files?.[0];
              if (!file) return;
              app.referenceFile.value = { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
            }}
          />
        </FieldRow>
      ) : null}
      {form.referenceSource !== 'none' ? (
        <div class="slider-row">
          <RangeSlider
            aria-label="Reference strength"
            minimum={0}
            maximum={1}
            increment={0.01}
            value={String(form.referStrength)}
            onNumericValueInput={(value: number) => app.updateForm({ referStrength: value })}
          />
          <span class="slider-value">{form.referStrength.toFixed(2)}</span>
        </div>
      ) : null}
    </>
  );
}

export function GenerateTab() {
  const app = useApp();
  const form = app.form.value;
  const promptId = useFieldId('prompt');
  const negativeId = useFieldId('negative');
  const issues = app.generateProblems.value.length > 0 ? app.generateProblems.value : app.formIssues.value;
  return (
    <div class="tab generate-tab">
      {app.notice.value ? (
        <p class="note" role="status">
          {app.notice.value}
        </p>
      ) : null}
      <PreviewPanel />
      <div class="presets" role="group" aria-label="Scene presets">
        {SCENE_PRESETS.map((preset) => (
          <button type="button" class="chip" key={preset.id} onClick={() => app.updateForm({ prompt: preset.prompt, negativePrompt: preset.negativePrompt })}>
            {preset.label}
          </button>
        ))}
      </div>
      <FieldRow label="Prompt" htmlFor={promptId} hint="Commas or new lines separate entries">
        <TextboxMultiline variant="border" id={promptId} rows={3} value={form.prompt} placeholder="e.g. marble table, soft morning light" onValueInput={(value: string) => app.updateForm({ prompt: value })} />
      </FieldRow>
      <FieldRow label="Negative prompt" htmlFor={negativeId}>
        <TextboxMultiline variant="border" id={negativeId} rows={2} value={form.negativePrompt} onValueInput={(value: string) => app.updateForm({ negativePrompt: value })} />
      </FieldRow>
      <AreaFields />
      <OutputFields />
      <div class="row">
        <NumberField label="Variations" value={form.batchSize} onChange={(value) => app.updateForm({ batchSize: value })} />
        <NumberField label="Steps" value={form.steps} onChange={(value) => app.updateForm({ steps: value })} />
      </div>
      <FieldRow label="Seed mode">
        <SegmentedControl
          aria-label="Seed mode"
          value={form.seedMode}
          options={[
            { value: 'random', children: 'Random' },
            { value: 'fixed', children: 'Fixed' },
          ]}
          onValueChange={(value: string) => app.updateForm({ seedMode: value as FormParams['seedMode'] })}
        />
      </FieldRow>
      <NumberField label="Seed" value={form.seed} disabled={form.seedMode === 'random'} onChange={(value) => app.updateForm({ seed: value })} />
      <ModelField />
      <SubModelsEditor />
      <Toggle value={form.useMainModelVAE} onValueChange={(value: boolean) => app.updateForm({ useMainModelVAE: value })}>
        <span>Use main model VAE</span>
      </Toggle>
      <Toggle value={form.translatePrompts} onValueChange={(value: boolean) => app.updateForm({ translatePrompts: value })}>
        <span>Translate prompts to English</span>
      </Toggle>
      <SelectField
        label="Resize mode"
        value={form.resizeMode}
        options={RESIZE_MODES.map((mode) => ({ value: mode, text: mode }))}
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
      {issues.length > 0 ? (
        <ul class="issues" aria-label="Problems to fix">
          {issues.map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      ) : null}
      <Button fullWidth loading={app.generating.value} onClick={() => void app.generateAsync()}>
        Generate
      </Button>
    </div>
  );
}
