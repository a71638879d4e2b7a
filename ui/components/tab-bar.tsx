// An accessible tab bar in Figma's look: role="tab" buttons with arrow-key navigation, and the
// active panel as role="tabpanel" (the UI kit's Tabs are radio buttons, which screen readers
// and tests cannot find as tabs). The panel is the one scroll container under the fixed bar; it
// is made anew for each tab, so every tab opens scrolled to its top. When an action switches the
// tab (Generate opens Jobs) the control that had focus goes with the old panel: focus then moves
// to the selected tab, not to the page's body, where a keyboard user would start over.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from './hooks';

export interface TabDefinition<T extends string> {
  value: T;
  label: ComponentChildren;
  panel: () => ComponentChildren;
}

export function TabBar<T extends string>(props: { value: T; tabs: TabDefinition<T>[]; onChange(value: T): void }) {
  const index = Math.max(0, props.tabs.findIndex((tab) => tab.value === props.value));
  const shown = useRef<T>(props.value);
  useEffect(() => {
    if (shown.current === props.value) return;
    shown.current = props.value;
    const focused = document.activeElement;
    if (!focused || focused === document.body) document.getElementById(`tab-${props.value}`)?.focus();
  }, [props.value]);
  const active = props.tabs[index];
  const focusTab = (next: number, container: HTMLElement | null) => {
    const tab = props.tabs[(next + props.tabs.length) % props.tabs.length];
    if (!tab) return;
    props.onChange(tab.value);
    const button = container?.querySelector<HTMLButtonElement>(`#tab-${tab.value}`);
    button?.focus();
  };
  return (
    <>
      <div
        class="tab-bar"
        role="tablist"
        aria-label="Backdrop"
        onKeyDown={(event) => {
          const container = event.currentTarget as HTMLElement;
          if (event.key === 'ArrowRight') focusTab(index + 1, container);
          else if (event.key === 'ArrowLeft') focusTab(index - 1, container);
        }}
      >
        {props.tabs.map((tab) => {
          const selected = tab.value === props.value;
          return (
            <button
              type="button"
              role="tab"
              id={`tab-${tab.value}`}
              key={tab.value}
              class={selected ? 'tab-button selected' : 'tab-button'}
              aria-selected={selected}
              aria-controls={`panel-${tab.value}`}
              tabIndex={selected ? 0 : -1}
              onClick={() => props.onChange(tab.value)}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {active ? (
        <div class="tab-panel" role="tabpanel" key={active.value} id={`panel-${active.value}`} aria-labelledby={`tab-${active.value}`}>
          {active.panel()}
        </div>
      ) : null}
    </>
  );
}
