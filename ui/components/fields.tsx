// Small form building blocks shared by the tabs: a labelled native select (a real combobox for
// screen readers and keyboard), a number field that keeps what was typed, and error details.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Textbox } from '@create-figma-plugin/ui';

let nextId = 0;
export function useFieldId(prefix: string): string {
  const [id] = useState(() => `${prefix}-${(nextId += 1)}`);
  return id;
}

export function FieldRow(props: { label: string; htmlFor?: string; children: ComponentChildren; hint?: ComponentChildren }) {
  return (
    <div class="field">
      <label class="field-label" for={props.htmlFor}>
        {props.label}
      </label>
      <div class="field-control">{props.children}</div>
      {props.hint ? <div class="field-hint">{props.hint}</div> : null}
    </div>
  );
}

export interface SelectOption {
  value: string;
  text: string;
}

export function SelectField(props: { label: string; value: string; options: SelectOption[]; onChange(value: string): void; disabled?: boolean }) {
  const id = useFieldId('select');
  return (
    <FieldRow label={props.label} htmlFor={id}>
      <select
        id={id}
        class="select"
        value={props.value}
        disabled={props.disabled}
        // Browsers fire both events on a select; handling both is idempotent and keeps tools
        // that only fire one of them working.
        onInput={(event) => props.onChange((event.currentTarget as HTMLSelectElement).value)}
        onChange={(event) => props.onChange((event.currentTarget as HTMLSelectElement).value)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.text}
          </option>
        ))}
      </select>
    </FieldRow>
  );
}

/** A numeric text field: commits numbers as they are typed; anything else stays visible. */
export function NumberField(props: { label: string; value: number; onChange(value: number): void; disabled?: boolean; suffix?: string }) {
  const id = useFieldId('number');
  const [text, setText] = useState(String(props.value));
  useEffect(() => {
    if (Number(text) !== props.value) setText(String(props.value));
    // Only an outside change of the value rewrites the text.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.value]);
  return (
    <FieldRow label={props.label} htmlFor={id}>
      <Textbox
        variant="border"
        id={id}
        value={text}
        disabled={props.disabled}
        inputMode="decimal"
        onValueInput={(value: string) => {
          setText(value);
          const parsed = Number(value.trim());
          if (value.trim() !== '' && Number.isFinite(parsed)) props.onChange(parsed);
        }}
      />
      {props.suffix ? <span class="suffix">{props.suffix}</span> : null}
    </FieldRow>
  );
}

/** Designer text with the developer detail one click away. */
export function ErrorMessage(props: { message: string; detail?: string }) {
  return (
    <div class="error" role="alert">
      <span>{props.message}</span>
      {props.detail ? (
        <details class="error-details">
          <summary>Details</summary>
          <pre>{props.detail}</pre>
        </details>
      ) : null}
    </div>
  );
}
