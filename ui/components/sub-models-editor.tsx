// LoRA, embedding and hypernetwork models on top of the main model: code (from ListModels or
// typed), LoRA weight -1..2 and trigger words.
import { focusAfterRemoval } from './focus-after-removal';
import type { SubModelEntry, SubModelKind } from '../lib/form-params';
import { useApp } from './app-context';
import { FieldRow, NumberField, SelectField, useFieldId } from './fields';
import { PICPIK_LIMITS } from '../../src/contract/generate-backgrounds-rules';

import { TextField } from './text-field';
import { Button } from './button';
import { RangeSlider } from './controls';

const KIND_LABELS: Record<SubModelKind, string> = { lora: 'LoRA', embedding: 'Embedding', hypernetwork: 'Hypernetwork' };

function SubModelRow(props: { entry: SubModelEntry; index: number; onChange(entry: SubModelEntry): void; onRemove(control: HTMLElement): void }) {
  const app = useApp();
  const { entry, index } = props;
  const catalogue = app.models.value;
  const map = catalogue
    ? entry.kind === 'lora'
      ? catalogue.LoraModels
      : entry.kind === 'embedding'
        ? catalogue.EmbeddingModels
        : catalogue.HypernetworkModels
    : {};
  const known = Object.values(map);
  const wordsId = useFieldId('trigger');
  const codeId = useFieldId('code');
  const n = index + 1;
  return (
    <fieldset class="sub-model">
      <legend>
        {KIND_LABELS[entry.kind]} {n}
      </legend>
      <SelectField
        label="Type"
        value={entry.kind}
        options={(Object.keys(KIND_LABELS) as SubModelKind[]).map((kind) => ({ value: kind, text: KIND_LABELS[kind] }))}
        onChange={(kind) => props.onChange({ ...entry, kind: kind as SubModelKind })}
      />
      {known.length > 0 ? (
        <SelectField
          label="Sub-model"
          value={entry.modelCode}
          options={[{ value: '', text: 'Choose…' }, ...known.map((model) => ({ value: model.ModelCode, text: model.Name ?? model.ModelCode }))]}
          onChange={(code) => {
            const model = known.find((candidate) => candidate.ModelCode === code);
            props.onChange({
              ...entry,
              modelCode: code,
              name: model?.Name,
              triggerWords: entry.triggerWords || (model?.TriggerWordList ?? []).join(', '),
            });
          }}
        />
      ) : (
        <FieldRow label="Sub-model code" htmlFor={codeId}>
          <TextField id={codeId} value={entry.modelCode} onValueInput={(value: string) => props.onChange({ ...entry, modelCode: value })} />
        </FieldRow>
      )}
      {entry.kind === 'lora' ? (
        <>
          <div class="slider-row">
            <RangeSlider label={`LoRA weight ${n}`} minimum={-1} maximum={2} increment={0.01} value={entry.weight} onInput={(weight) => props.onChange({ ...entry, weight })} />
            <NumberField label={`Weight ${n}`} step={0.1} min={PICPIK_LIMITS.LoraWeight.min} max={PICPIK_LIMITS.LoraWeight.max} value={entry.weight} onChange={(weight) => props.onChange({ ...entry, weight })} />
          </div>
          <FieldRow label="Trigger words" htmlFor={wordsId}>
            <TextField id={wordsId} value={entry.triggerWords} placeholder="comma separated" onValueInput={(value: string) => props.onChange({ ...entry, triggerWords: value })} />
          </FieldRow>
        </>
      ) : null}
      <Button secondary onClick={(event) => props.onRemove(event.currentTarget)} aria-label={`Remove sub-model ${n}`}>
        Remove
      </Button>
    </fieldset>
  );
}

export function SubModelsEditor() {
  const app = useApp();
  const entries = app.form.value.subModels;
  const set = (next: SubModelEntry[]) => app.updateForm({ subModels: next });
  return (
    <div class="sub-models">
      {entries.map((entry, index) => (
        <SubModelRow
          key={index}
          entry={entry}
          index={index}
          onChange={(changed) => set(entries.map((existing, i) => (i === index ? changed : existing)))}
          onRemove={(control) => {
            focusAfterRemoval(control, '.sub-model', () => document.querySelector('.sub-models > .row button'));
            set(entries.filter((_, i) => i !== index));
          }}
        />
      ))}
      <div class="row">
        {(Object.keys(KIND_LABELS) as SubModelKind[]).map((kind) => (
          <Button key={kind} secondary onClick={() => set([...entries, { kind, modelCode: '', weight: 1, triggerWords: '' }])}>
            + {KIND_LABELS[kind]}
          </Button>
        ))}
      </div>
    </div>
  );
}
