// Buttons in Figma's look (the UI kit's Button and FileUploadButton, as far as the panel uses
// them): primary, secondary or danger, a spinner in place of the text while loading (a click
// then does nothing), and Escape leaves the button.
import type { ComponentChildren, JSX } from 'preact';
import { leaveOnEscape } from './leave-on-escape';

export type ButtonProps = Omit<JSX.ButtonHTMLAttributes, 'loading'> & { secondary?: boolean; danger?: boolean; loading?: boolean; 'data-tone'?: string };

export function Button({ secondary, danger, loading, children, onClick, ...rest }: ButtonProps) {
  return (
    <button {...rest} class={`btn${secondary ? ' secondary' : ''}${danger ? ' danger' : ''}${loading ? ' loading' : ''}`} onClick={loading ? undefined : onClick} onKeyDown={leaveOnEscape}>
      <span class="btn-label">{children}</span>
      {loading ? (
        <svg class="spinner" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M8 15A7 7 0 0 0 14.15 4.65L15.03 4.17A8 8 0 1 1 2.85 1.87L3.48 2.66A7 7 0 0 0 8 15Z" />
        </svg>
      ) : null}
    </button>
  );
}

/** A secondary button that opens the file picker: a transparent file input, named `label`, over the button face. */
export function FileButton(props: { label: string; accept: string; onFile(file: File): void; children: ComponentChildren }) {
  return (
    <div class="file-button">
      <input
        type="file"
        class="file-input"
        aria-label={props.label}
        accept={props.accept}
        title=""
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) props.onFile(file);
        }}
        onMouseDown={(event) => event.currentTarget.focus()}
        onKeyDown={leaveOnEscape}
      />
      <button class="btn secondary" tabIndex={-1}>
        {props.children}
      </button>
    </div>
  );
}
