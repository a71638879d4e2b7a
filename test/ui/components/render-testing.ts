// What the component tests render with: Testing Library's queries and events on the panel's
// renderer. render, an event and act each finish the renders and effects they cause before they
// return, as preact's act did, so a test reads the page they leave.
import { configure, fireEvent, getQueriesForElement, screen, waitFor } from '@testing-library/dom';
import type { ComponentChildren } from 'preact';
import { flushRendering, render as renderInto } from '../../../ui/components/render';

configure({
  eventWrapper(dispatch) {
    const result = dispatch();
    flushRendering();
    return result;
  },
});

const mounted = new Set<HTMLElement>();

export function render(ui: ComponentChildren) {
  const container = document.body.appendChild(document.createElement('div'));
  mounted.add(container);
  renderInto(ui, container);
  flushRendering();
  return {
    container,
    ...getQueriesForElement(container),
    rerender(next: ComponentChildren) {
      renderInto(next, container);
      flushRendering();
    },
    unmount() {
      renderInto(null, container);
      flushRendering();
    },
  };
}

/** Unmounts and removes everything render put on the page. */
export function cleanup(): void {
  for (const container of mounted) {
    renderInto(null, container);
    container.remove();
  }
  mounted.clear();
  flushRendering();
}

/** Runs `work`, waits for it if it is async, then finishes the renders and effects it caused. */
export async function act(work: () => unknown): Promise<void> {
  await work();
  flushRendering();
}

export { fireEvent, screen, waitFor };
