// figma.notify as the playground shows it: a dark toast at the bottom (red for errors) that
// disappears after its timeout; a new one replaces the one showing, as in Figma.

export interface NotifyShown {
  message: string;
  error: boolean;
  at: number;
}

export function showToast(container: HTMLElement, message: string, options: { error?: boolean; timeout?: number } = {}): () => void {
  const toast = document.createElement('div');
  toast.className = options.error ? 'toast error' : 'toast';
  toast.setAttribute('role', 'status');
  toast.textContent = message;
  container.replaceChildren(toast);
  const remove = () => toast.remove();
  const timeout = options.timeout ?? 3000;
  if (Number.isFinite(timeout)) setTimeout(remove, Math.max(1000, timeout));
  return remove;
}
