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

  it('follow the pointer only when it moves: a list opening under a resting pointer leaves the arrow keys their choice', async () => {
    const { app } = await renderApp();
    app.setAdvancedOpen(true);
    const fit = await screen.findByRole('combobox', { name: /^Fit: stretch \/ crop \/ fill/ });
    fireEvent.keyDown(fit, { key: 'ArrowDown' });
    const [stretch] = await screen.findAllByRole('option');
    // Chrome reports the option under a resting pointer as entered when the list appears.
    fireEvent.mouseEnter(stretch as HTMLElement);
    fireEvent.mouseMove(stretch as HTMLElement, { movementX: 0, movementY: 0 });
    fireEvent.keyDown(fit, { key: 'ArrowUp' });
    fireEvent.keyDown(fit, { key: 'Enter' });
    await waitFor(() => expect(app.form.value.resizeMode).toBe('CropAndResize'));
    fireEvent.keyDown(fit, { key: 'ArrowDown' });
    const options = await screen.findAllByRole('option');
    fireEvent.mouseMove(options[0] as HTMLElement, { movementX: 4, movementY: 1 });
    fireEvent.keyDown(fit, { key: 'Enter' });
    await waitFor(() => expect(app.form.value.resizeMode).toBe('JustResize'));
    app.dispose();
  });
});
