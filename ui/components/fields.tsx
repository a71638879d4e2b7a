// Small form building blocks shared by the tabs: a labelled field with its own problem line and
// an optional PICPIK term as tooltip, a labelled option menu, a number field that keeps what was
// typed, and error details.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from './hooks';
import { OptionMenu, type MenuOption } from './option-menu';
import { TextField } from './text-field';

let nextId = 0;
export function useFieldId(prefix: string): string {
  const [id] = useState(() => `${prefix}-${(nextId += 1)}`);
  return id;
}

export interface FieldChrome {
  /** The PICPIK term behind the plain label, shown as the label's tooltip. */
  tip?: string;
  /** What is wrong with the value now, in plain words (recomputed on every change). */
  problem?: string;
  hint?: ComponentChildren;
}

export function FieldRow(props: FieldChrome & { label: string; htmlFor?: string; labelId?: string; children: ComponentChildren; id?: string }) {
  return (
    <div class={props.problem ? 'field invalid' : 'field'} id={props.id}>
      <label class="field-label" for={props.htmlFor} id={props.labelId} title={props.tip}>
        {props.label}
      </label>
      <div class="field-control">{props.children}</div>
      {props.hint ? <div class="field-hint">{props.hint}</div> : null}
      {props.problem ? (
        <div class="field-problem" id={props.htmlFor ? `${props.htmlFor}-problem` : undefined}>
          {props.problem}
        </div>
      ) : null}
    </div>
  );
}

export type SelectOption = MenuOption;

/** A labelled option menu, named by its label and its current value (the visible text). */
export function SelectField(props: FieldChrome & { label: string; value: string; options: SelectOption[]; onChange(value: string): void; disabled?: boolean }) {
  const id = useFieldId('select');
  const labelId = `${id}-label`;
  return (
    <FieldRow label={props.label} labelId={labelId} tip={props.tip} problem={props.problem} hint={props.hint}>
      <OptionMenu id={id} labelId={labelId} value={props.value} options={props.options} disabled={props.disabled} onChange={props.onChange} />
    </FieldRow>
  );
}

/** A number as a designer types one: digits with an optional sign and decimal point ("1e1", "0x10" and "Infinity" are not). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;
function parseTyped(text: string): number | undefined {
  const typed = text.trim();
  return DECIMAL.test(typed) ? Number(typed) : undefined;
}

/**
 * A numeric text field: commits numbers as they are typed. Anything else stays visible with its own
 * problem line naming the number still in use (the form's rules speak of that number, not of the
 * text), and leaving the field puts that number back, so what it shows is what is sent. ArrowUp and
 * ArrowDown step the number in use by `step` (Shift: ten steps), as Figma's own number fields do,
 * and stop at `min` and `max` (typing past them is still named by the form's rules).
 * `invalid`: the field's problem is said elsewhere (the footer says Variations'): marked invalid,
 * described by the panel's status.
 */
export function NumberField(props: FieldChrome & { label: string; value: number; onChange(value: number): void; disabled?: boolean; suffix?: string; id?: string; invalid?: boolean; step?: number; min?: number; max?: number }) {
  const generated = useFieldId('number');
  const id = props.id ?? generated;
  const [text, setText] = useState(String(props.value));
  useEffect(() => {
    if (parseTyped(text) !== props.value) setText(String(props.value));
    // Only an outside change of the value rewrites the text.
  }, [props.value]);
  const problem = parseTyped(text) === undefined ? `Not a number: ${props.value} is used` : props.problem;
  const step = props.step ?? 1;
  return (
    <FieldRow label={props.label} htmlFor={id} tip={props.tip} problem={problem} hint={props.hint}>
      <TextField
        id={id}
        value={text}
        disabled={props.disabled}
        inputMode="decimal"
        aria-invalid={problem || props.invalid ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : props.invalid ? 'generate-status' : undefined}
        onBlur={() => {
          if (problem !== props.problem) setText(String(props.value));
        }}
        onKeyDown={(event) => {
          if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
          event.preventDefault();
          const steps = (event.key === 'ArrowUp' ? 1 : -1) * (event.shiftKey ? 10 : 1);
          // Without binary float tails (0.1 + 0.2), so the text reads as a designer would type it.
          // The text follows the value the form keeps (a field that clamps keeps its own number).
          const next = Math.min(props.max ?? Infinity, Math.max(props.min ?? -Infinity, props.value + steps * step));
          props.onChange(Number(next.toFixed(12)));
        }}
        onValueInput={(value: string) => {
          setText(value);
          const parsed = parseTyped(value);
          if (parsed !== undefined) props.onChange(parsed);
        }}
      />
      {props.suffix ? (
        <span class="suffix" aria-hidden="true">
          {props.suffix}
        </span>
      ) : null}
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
