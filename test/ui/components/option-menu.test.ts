// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from './render-testing';
import { renderApp } from './render-app';

afterEach(() => cleanup());

describe('option menus', () => {
  it('open with the arrow keys, pick with Enter, and Escape closes the list before the Advanced section', async () => {
    const { app } = await renderApp();
    app.setAdvancedOpen(true);
    const fit = await screen.findByRole('combobox', { name: /^Fit: stretch \/ crop \/ fill/ });
    expect(fit.getAttribute('aria-expanded')).toBe('false');
    fireEvent.keyDown(fit, { key: 'ArrowDown' });
    await waitFor(() => expect(fit.getAttribute('aria-expanded')).toBe('true'));
    expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual(['Stretch', 'Crop', 'Fill']);
    // Fill (ResizeAndFill) is the current value: up once is Crop.
    fireEvent.keyDown(fit, { key: 'ArrowUp' });
    fireEvent.keyDown(fit, { key: 'Enter' });
    await waitFor(() => expect(app.form.value.resizeMode).toBe('CropAndResize'));
    expect(fit.getAttribute('aria-expanded')).toBe('false');

    fireEvent.keyDown(fit, { key: 'ArrowDown' });
    await waitFor(() => expect(fit.getAttribute('aria-expanded')).toBe('true'));
    fireEvent.keyDown(fit, { key: 'Escape' });
    await waitFor(() => expect(fit.getAttribute('aria-expanded')).toBe('false'));
    expect(app.advancedOpen.value).toBe(true);
    // With the list closed, Escape closes the section.
    fireEvent.keyDown(fit, { key: 'Escape' });
    await waitFor(() => expect(app.advancedOpen.value).toBe(false));
    app.dispose();
  });
});
