// Where focus goes when the control that had it is removed with its row (Remove from list, a
// sub-model's Remove): to the first button of the row that takes its place, or before it, or to
// `fallback`, instead of the page's body, where a keyboard user would have to start over.
export function focusAfterRemoval(control: HTMLElement, row: string, fallback: () => HTMLElement | null) {
  const removed = control.closest(row);
  const next = removed?.nextElementSibling?.matches(row) ? removed.nextElementSibling : removed?.previousElementSibling?.matches(row) ? removed.previousElementSibling : null;
  // After the removal has rendered (renders run on a microtask).
  setTimeout(() => {
    if (control.isConnected && control === document.activeElement) return;
    ((next?.isConnected ? next.querySelector('button') : null) ?? fallback())?.focus();
  });
}
