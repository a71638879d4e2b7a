// The panel's switches, choices and slider in Figma's look (the UI kit's Toggle, Disclosure,
// SegmentedControl and RangeSlider, as far as the panel uses them). Each is a native input, so
// the keyboard and assistive technology know it; Escape leaves it and still reaches the Advanced
// section around it.
import type { ComponentChildren } from 'preact';
import { useFieldId } from './fields';
import { leaveOnEscape } from './leave-on-escape';

/** An on/off switch: a checkbox with the switch role (read as "on"/"off"), drawn as Figma's toggle, named by its text. */
export function Toggle(props: { value: boolean; onValueChange(value: boolean): void; children: ComponentChildren }) {
  return (
    <label class="toggle">
      <input type="checkbox" role="switch" class="toggle-input" checked={props.value} onChange={(event) => props.onValueChange(event.currentTarget.checked)} onKeyDown={leaveOnEscape} />
      <span class="toggle-box" />
      <span class="toggle-text">{props.children}</span>
    </label>
  );
}

/** A section title that opens and closes what follows it: a button that says whether it is expanded. */
export function Disclosure(props: { open: boolean; title: string; onClick(): void; children: ComponentChildren }) {
  return (
    <>
      <button type="button" class="disclosure" aria-expanded={props.open} onClick={props.onClick} onKeyDown={leaveOnEscape}>
        <svg class="caret" width="16" height="16" aria-hidden="true">
          <path d="M12 8 8 5v6z" />
        </svg>
        {props.title}
      </button>
      {props.open ? <div class="disclosure-body">{props.children}</div> : null}
    </>
  );
}

/** One of a few choices side by side: a named group of radio buttons (arrow keys move within it). */
export function SegmentedControl(props: { label: string; value: string; options: { value: string; text: string }[]; onValueChange(value: string): void }) {
  const name = useFieldId('choice');
  return (
    <div class="segmented" role="radiogroup" aria-label={props.label}>
      {props.options.map((option) => (
        <label key={option.value}>
          <input type="radio" name={name} value={option.value} checked={option.value === props.value} onChange={() => props.onValueChange(option.value)} onKeyDown={leaveOnEscape} />
          <span>{option.text}</span>
        </label>
      ))}
    </div>
  );
}

/** A slider over a thin line, reporting numbers as it moves. */
export function RangeSlider(props: { label: string; minimum: number; maximum: number; increment: number; value: number; onInput(value: number): void }) {
  return (
    <label class="slider">
      <input
        type="range"
        aria-label={props.label}
        min={props.minimum}
        max={props.maximum}
        step={props.increment}
        value={props.value}
        onInput={(event) => props.onInput(parseFloat(event.currentTarget.value))}
        onKeyDown={leaveOnEscape}
      />
    </label>
  );
}
