// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from './render-testing';
import { h } from '../../../ui/components/render';
import { OptionMenu } from '../../../ui/components/option-menu';
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

  it('go to the first and last option with Home and End, and to an option by typing its first letters', async () => {
    const { app } = await renderApp();
    app.setAdvancedOpen(true);
    const fit = await screen.findByRole('combobox', { name: /^Fit: stretch \/ crop \/ fill/ });
    const activeText = () => document.getElementById(fit.getAttribute('aria-activedescendant') ?? '')?.textContent;
    fireEvent.keyDown(fit, { key: 'Home' });
    await waitFor(() => expect(fit.getAttribute('aria-expanded')).toBe('true'));
    expect(activeText()).toBe('Stretch');
    fireEvent.keyDown(fit, { key: 'End' });
    await waitFor(() => expect(activeText()).toBe('Fill'));
    fireEvent.keyDown(fit, { key: 'c' });
    await waitFor(() => expect(activeText()).toBe('Crop'));
    fireEvent.keyDown(fit, { key: 'Enter' });
    await waitFor(() => expect(app.form.value.resizeMode).toBe('CropAndResize'));
    // Closed, a letter opens the list on its option (after the half second that joins letters into a word).
    await new Promise((resolve) => setTimeout(resolve, 550));
    fireEvent.keyDown(fit, { key: 'S' });
    await waitFor(() => expect(activeText()).toBe('Stretch'));
    app.dispose();
  });

  it('type-to-jump reads a word typed quickly, and cycles through options sharing a letter', async () => {
    const options = ['Beach', 'Bench', 'Bedroom', 'Canyon'].map((text) => ({ value: text.toLowerCase(), text }));
    const picked: string[] = [];
    render(h(OptionMenu, { id: 'scene', labelId: 'scene-label', value: 'canyon', options, onChange: (value: string) => picked.push(value) }));
    const menu = screen.getByRole('combobox');
    const activeText = () => document.getElementById(menu.getAttribute('aria-activedescendant') ?? '')?.textContent;
    const pause = () => new Promise((resolve) => setTimeout(resolve, 550));
    fireEvent.keyDown(menu, { key: 'b' });
    await waitFor(() => expect(activeText()).toBe('Beach'));
    fireEvent.keyDown(menu, { key: 'b' });
    await waitFor(() => expect(activeText()).toBe('Bench'));
    fireEvent.keyDown(menu, { key: 'b' });
    await waitFor(() => expect(activeText()).toBe('Bedroom'));
    fireEvent.keyDown(menu, { key: 'b' });
    await waitFor(() => expect(activeText()).toBe('Beach'));
    await pause();
    for (const key of 'bed') fireEvent.keyDown(menu, { key });
    await waitFor(() => expect(activeText()).toBe('Bedroom'));
    // Nothing starts so: the active option stays.
    for (const key of 'x') fireEvent.keyDown(menu, { key });
    expect(activeText()).toBe('Bedroom');
    await pause();
    fireEvent.keyDown(menu, { key: 'c' });
    await waitFor(() => expect(activeText()).toBe('Canyon'));
    fireEvent.keyDown(menu, { key: 'Home' });
    await waitFor(() => expect(activeText()).toBe('Beach'));
    fireEvent.keyDown(menu, { key: 'Enter' });
    expect(picked).toEqual(['beach']);
  });
});
