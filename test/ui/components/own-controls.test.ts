// @vitest-environment happy-dom
// The panel's own text fields and buttons (in place of the UI kit's): what they do beyond the
// plain element — select on focus, Escape leaves, a loading button ignores clicks, the file button
// hands over the chosen file — checked on the rendered panel.
import { afterEach, describe, expect, it } from 'vitest';
import { h } from '../../../ui/components/render';
import { cleanup, fireEvent, render, screen, waitFor } from './render-testing';
import { Button } from '../../../ui/components/button';
import { chooseOption, renderApp } from './render-app';

afterEach(() => cleanup());

describe('own controls', () => {
  it('a text field selects its text on focus, reports typing and leaves on Escape', async () => {
    const { app } = await renderApp();
    const prompt = screen.getByLabelText('Prompt') as HTMLTextAreaElement;
    expect(prompt.tagName).toBe('TEXTAREA');
    fireEvent.input(prompt, { target: { value: 'marble table' } });
    await waitFor(() => expect(app.form.value.prompt).toBe('marble table'));
    prompt.focus();
    fireEvent.focus(prompt);
    expect([prompt.selectionStart, prompt.selectionEnd]).toEqual([0, 'marble table'.length]);
    fireEvent.keyDown(prompt, { key: 'Escape' });
    expect(document.activeElement).not.toBe(prompt);
    app.dispose();
  });

  it('masks the access token', async () => {
    const { app } = await renderApp();
    fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
    const token = (await screen.findByLabelText(/token/i)) as HTMLInputElement;
    expect(token.type).toBe('password');
    app.dispose();
  });

  it('the file button, named by its field, hands the chosen image to the form as bytes', async () => {
    const { app } = await renderApp();
    app.setAdvancedOpen(true);
    await screen.findByRole('combobox', { name: /^Background reference/ });
    await chooseOption('Background reference', 'An image file');
    const input = (await screen.findByLabelText('Reference file')) as HTMLInputElement;
    expect(input.type).toBe('file');
    expect(input.accept).toBe('image/png,image/jpeg,image/webp');
    const file = new File([new Uint8Array([137, 80, 78, 71])], 'scene.png', { type: 'image/png' });
    Object.defineProperty(input, 'files', { value: [file] });
    // A plain change event: testing-library's fireEvent.change does not reach a file input here.
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => expect(app.referenceFile.value?.name).toBe('scene.png'));
    expect([...(app.referenceFile.value?.bytes ?? [])]).toEqual([137, 80, 78, 71]);
    expect(screen.getByText('scene.png')).toBeTruthy();
    app.dispose();
  });

  it('a loading button shows a spinner and ignores clicks until it is done', () => {
    const clicks: string[] = [];
    const { rerender } = render(h(Button, { loading: true, onClick: () => clicks.push('click') }, 'Test connection'));
    const button = screen.getByRole('button', { name: 'Test connection' });
    fireEvent.click(button);
    expect(clicks).toEqual([]);
    expect(button.querySelector('svg.spinner')).toBeTruthy();
    rerender(h(Button, { loading: false, onClick: () => clicks.push('click') }, 'Test connection'));
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(clicks).toEqual(['click']);
    expect(document.querySelector('svg.spinner')).toBeNull();
  });

  it('a segmented control is a radio group named by its label, each choice named by its text', async () => {
    const { app } = await renderApp();
    app.setAdvancedOpen(true);
    const group = await screen.findByRole('radiogroup', { name: 'Output size' });
    const radios = [...group.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((radio) => radio.labels?.[0]?.textContent)).toEqual(['1x', '2x', 'Draft', 'Custom']);
    expect(new Set(radios.map((radio) => radio.name)).size).toBe(1);
    fireEvent.click(screen.getByRole('radio', { name: 'Draft' }));
    await waitFor(() => expect(app.form.value.sizeChoice).toBe('draft'));
    expect((screen.getByRole('radio', { name: 'Draft' }) as HTMLInputElement).checked).toBe(true);
    app.dispose();
  });

  it('Advanced is a button that says whether it is open, and the toggles are switches named by their text', async () => {
    const { app } = await renderApp();
    const advanced = screen.getByRole('button', { name: 'Advanced' });
    expect(advanced.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(advanced);
    await waitFor(() => expect(app.advancedOpen.value).toBe(true));
    expect(screen.getByRole('button', { name: 'Advanced' }).getAttribute('aria-expanded')).toBe('true');
    const translate = screen.getByRole('switch', { name: /Translate prompts/ }) as HTMLInputElement;
    const before = translate.checked;
    fireEvent.click(translate);
    await waitFor(() => expect(translate.checked).toBe(!before));
    fireEvent.click(screen.getByRole('button', { name: 'Advanced' }));
    await waitFor(() => expect(screen.queryByRole('switch', { name: /Translate prompts/ })).toBeNull());
    app.dispose();
  });

  it('the scenes\' Replace prompt toggle says what a tile will do, and a tile adds to or replaces the prompt as it says', async () => {
    const { app } = await renderApp();
    const toggle = screen.getByRole('button', { name: 'Replace prompt' });
    expect([toggle.getAttribute('aria-pressed'), toggle.title]).toEqual(['false', 'Off: a scene is added to the prompt']);
    app.updateForm({ prompt: 'red sneaker' });
    fireEvent.click(screen.getByRole('button', { name: /^Beach/ }));
    await waitFor(() => expect(app.form.value.prompt).toBe('red sneaker, sunny beach, fine sand, turquoise sea, summer light'));
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle.getAttribute('aria-pressed')).toBe('true'));
    expect(toggle.title).toBe('On: a scene replaces the prompt');
    fireEvent.click(screen.getByRole('button', { name: /^Marble/ }));
    await waitFor(() => expect(app.form.value.prompt).toBe('white marble tabletop, soft daylight, elegant, minimal'));
    app.dispose();
  });
});
