// What Escape does on the panel's own controls, as on the UI kit's: focus leaves the control, and
// the event goes on, so the Advanced section around it closes too.
export const leaveOnEscape = (event: KeyboardEvent & { currentTarget: HTMLElement }) => {
  if (event.key === 'Escape') event.currentTarget.blur();
};
