// A select-only combobox in Figma's look (the menu of the UI kit's Dropdown): a button naming its
// label and value, and a listbox of options. Arrow keys open and move, Home and End go to the
// first and last option, typing jumps to the option whose text starts with what was typed (within
// half a second; one letter again goes to the next option with it), Enter or Space picks, Escape
// closes the list only (it does not reach the Advanced section around it), Tab leaves: the keys of
// the WAI-ARIA select-only combobox pattern.
// Written here rather than the UI kit's Dropdown, which exposes no roles to assistive technology.
import { useEffect, useRef, useState } from './hooks';

export interface MenuOption {
  value: string;
  text: string;
}

export function OptionMenu(props: { id: string; labelId: string; value: string; options: MenuOption[]; onChange(value: string): void; disabled?: boolean }) {
  const { id, options, value } = props;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const index = options.findIndex((option) => option.value === value);
  const typed = useRef({ text: '', at: 0 });
  const jump = (key: string) => {
    const now = Date.now();
    const last = typed.current ?? { text: '', at: 0 };
    const text = (now - last.at < 500 ? last.text : '') + key.toLowerCase();
    typed.current = { text, at: now };
    const again = [...text].every((letter) => letter === text[0]);
    const term = again ? key.toLowerCase() : text;
    // A new or repeated letter looks past the current option; a longer word may still match it.
    const from = (open ? active : index) + (again ? 1 : 0);
    for (let step = 0; step < options.length; step += 1) {
      const at = (from + step + options.length) % options.length;
      if (options[at]?.text.toLowerCase().startsWith(term)) return show(at);
    }
  };
  // The list hangs below its button inside the tab's scroll area: one opened near the bottom
  // would sit under the footer, out of sight. Scrolled into view as it opens, then the option
  // the arrow keys reach.
  const wasOpen = useRef(false);
  useEffect(() => {
    const opening = open && !wasOpen.current;
    wasOpen.current = open;
    if (!open) return;
    if (opening) list.current?.scrollIntoView?.({ block: 'nearest' });
    document.getElementById(`${id}-${active}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [open, active]);
  const show = (at: number) => {
    setOpen(true);
    setActive(at < 0 ? 0 : at);
  };
  const choose = (at: number) => {
    const option = options[at];
    setOpen(false);
    button.current?.focus();
    if (option && option.value !== value) props.onChange(option.value);
  };
  return (
    <div
      class="menu-field"
      onFocusOut={(event) => {
        if (!(event.currentTarget as HTMLElement).contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        id={id}
        class="menu-button"
        role="combobox"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-labelledby={`${props.labelId} ${id}`}
        aria-activedescendant={open && active >= 0 ? `${id}-${active}` : undefined}
        data-value={value}
        disabled={props.disabled}
        onClick={() => (open ? setOpen(false) : show(index))}
        onKeyDown={(event) => {
          const key = event.key;
          if (key === 'ArrowDown' || key === 'ArrowUp') {
            event.preventDefault();
            if (!open) show(index);
            else setActive((at) => (at + (key === 'ArrowDown' ? 1 : -1) + options.length) % options.length);
          } else if (key === 'Home' || key === 'End') {
            event.preventDefault();
            show(key === 'Home' ? 0 : options.length - 1);
          } else if (key.length === 1 && key !== ' ' && !event.ctrlKey && !event.metaKey && !event.altKey) {
            event.preventDefault();
            jump(key);
          } else if ((key === 'Enter' || key === ' ') && open) {
            event.preventDefault();
            choose(active);
          } else if (key === 'Escape' && open) {
            event.preventDefault();
            event.stopPropagation();
            setOpen(false);
          }
        }}
      >
        <span class="menu-value">{options[index]?.text ?? ''}</span>
        <svg width="8" height="8" viewBox="0 0 8 8" aria-hidden="true">
          <path d="M1 2.5 4 5.5 7 2.5" fill="none" stroke="currentColor" />
        </svg>
      </button>
      {open ? (
        <ul ref={list} class="menu-list" id={`${id}-list`} role="listbox" aria-labelledby={props.labelId}>
          {options.map((option, at) => (
            <li
              key={option.value}
              id={`${id}-${at}`}
              role="option"
              aria-selected={option.value === value}
              class={at === active ? 'menu-option active' : 'menu-option'}
              // Keeps focus on the button, so the list does not close before the click lands.
              onMouseDown={(event) => event.preventDefault()}
              // Moved onto, not just under a resting pointer as the list opens (Chrome reports
              // mouseenter then), which would take the choice away from the arrow keys.
              onMouseMove={(event) => {
                if (event.movementX !== 0 || event.movementY !== 0) setActive(at);
              }}
              onClick={() => choose(at)}
            >
              {option.text}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
