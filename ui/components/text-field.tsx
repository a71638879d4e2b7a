// A one-line or multi-line text field in Figma's look (the UI kit's Textbox and TextboxMultiline
// with a border, which is all the panel uses of them): focus selects the text, Escape leaves the
// field and still reaches the Advanced section around it, spell checking is off.
import type { JSX } from 'preact';
import { leaveOnEscape } from './leave-on-escape';

export type TextFieldProps = Pick<JSX.InputHTMLAttributes, 'id' | 'placeholder' | 'disabled' | 'inputMode' | 'aria-invalid' | 'aria-describedby'> & {
  value: string;
  onValueInput?(value: string): void;
  onBlur?(): void;
  /** Masks what is typed (an access token). */
  password?: boolean;
  /** Rows of a multi-line field; without it the field is one line. */
  rows?: number;
  /** Keys the field handles itself (a number field's arrows), before Escape leaves it. */
  onKeyDown?(event: KeyboardEvent & { currentTarget: HTMLElement }): void;
};

export function TextField({ value, onValueInput, password, rows, onKeyDown, ...rest }: TextFieldProps) {
  const shared = {
    ...rest,
    class: 'text-field',
    spellcheck: false,
    value,
    onFocus: (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => event.currentTarget.select(),
    onInput: (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => onValueInput?.(event.currentTarget.value),
    onKeyDown: (event: KeyboardEvent & { currentTarget: HTMLElement }) => {
      onKeyDown?.(event);
      leaveOnEscape(event);
    },
  };
  return rows ? <textarea {...shared} rows={rows} /> : <input {...shared} type={password ? 'password' : 'text'} />;
}
