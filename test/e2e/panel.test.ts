// The panel as a designer meets it in Figma's 360 x 640 plugin window: Generate always in view
// in its footer, the tab bar fixed at the top, tabs opening at their top, the Advanced section
// remembered and closed by Escape, and the clicks a first background and another variation take.
import { describe, expect, it } from 'vitest';
import type { FrameLocator, Locator } from 'playwright-core';
import {
  emulatorAdminAsync,
  finishOpenTasksAsync,
  saveScreenshotAsync,
  selectByNamesAsync,
  setUpE2eSuite,
  showPluginTabAsync,
  waitForJobStatesAsync,
  waitForOpenTaskUidsAsync,
} from './harness.js';

const e2e = setUpE2eSuite({ afterEachAsync: (stack) => emulatorAdminAsync(stack.emulatorUrl, 'faults', {}) });

/** Whether the element is fully inside the plugin window and is what a click at its centre hits. */
async function inViewAsync(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth && hit !== null && element.contains(hit);
  });
}

const generateButton = (plugin: FrameLocator) => plugin.getByRole('button', { name: 'Generate', exact: true });
const panelOf = (plugin: FrameLocator) => plugin.locator('[role="tabpanel"]');

describe('the panel at 360 x 640', () => {
  it('keeps Generate and the tab bar in view on first open and after scrolling the whole form', async () => {
    const { page, plugin } = await e2e.openAsync();
    const size = await plugin.locator('html').evaluate(() => ({ width: window.innerWidth, height: window.innerHeight }));
    expect(size).toEqual({ width: 360, height: 640 });
    await selectByNamesAsync(page, [{ name: 'Bottle', parent: 'Social post' }]);
    await expect.poll(() => generateButton(plugin).isEnabled(), { timeout: 15_000 }).toBe(true);
    expect(await inViewAsync(generateButton(plugin))).toBe(true);
    // The first screen: preview, scenes, prompt and area; nothing of Advanced.
    for (const name of ['Prompt', 'Area', 'Variations']) expect(await inViewAsync(plugin.getByLabel(name, { exact: true }))).toBe(true);
    expect(await plugin.getByLabel('Steps', { exact: true }).count()).toBe(0);
    // The page itself never scrolls: only the tab's panel does.
    expect(await plugin.locator('html').evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight)).toBe(true);
    // Every scene's name shows whole under its tile, none cut to an ellipsis.
    const cutLabels = await plugin.locator('.scene-label').evaluateAll((labels) => labels.filter((label) => label.scrollWidth > label.clientWidth).map((label) => label.textContent));
    expect(cutLabels).toEqual([]);
    await saveScreenshotAsync(page, 'panel-first-open');

    await plugin.getByText('Advanced', { exact: true }).click();
    const panel = panelOf(plugin);
    const scrolled = await panel.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
      return element.scrollTop;
    });
    expect(scrolled).toBeGreaterThan(300);
    expect(await inViewAsync(generateButton(plugin))).toBe(true);
    expect(await inViewAsync(plugin.getByRole('tab', { name: 'Generate' }))).toBe(true);
    expect(await inViewAsync(plugin.getByLabel('Variations', { exact: true }))).toBe(true);

    // Each tab opens at its top.
    await showPluginTabAsync(plugin, 'Jobs');
    await showPluginTabAsync(plugin, 'Generate');
    expect(await panelOf(plugin).evaluate((element) => element.scrollTop)).toBe(0);

    // Down to a panel of tab bar + footer, Generate stays visible.
    const fixedHeight = await plugin.locator('html').evaluate(
      () => (document.querySelector('.tab-bar') as HTMLElement).offsetHeight + (document.querySelector('.generate-footer') as HTMLElement).offsetHeight,
    );
    await page.evaluate((height) => {
      (document.querySelector('#plugin-host iframe') as HTMLIFrameElement).style.height = `${height}px`;
    }, fixedHeight + 40);
    await expect.poll(() => inViewAsync(generateButton(plugin))).toBe(true);
    console.info(`panel: Generate is in view at any panel height from ${fixedHeight + 40} px (tab bar + footer = ${fixedHeight} px)`);
  });

  it('opens an option menu sitting just above the footer in view, and keeps the option the arrow keys reach in view', async () => {
    const { page, plugin } = await e2e.openAsync();
    await plugin.getByText('Advanced', { exact: true }).click();
    const menu = plugin.getByRole('combobox', { name: /Placement/ });
    await menu.waitFor();
    // Scrolled so the menu's button is the last thing above the footer.
    await menu.evaluate((button) => {
      const panel = button.closest('[role="tabpanel"]') as HTMLElement;
      panel.scrollTop += button.getBoundingClientRect().bottom - panel.getBoundingClientRect().bottom + 2;
    });
    expect(await inViewAsync(menu)).toBe(true);
    await menu.press('Enter');
    const list = plugin.getByRole('listbox');
    await list.waitFor();
    await expect.poll(() => inViewAsync(list)).toBe(true);
    const options = await list.getByRole('option').count();
    expect(options).toBeGreaterThan(1);
    for (let i = 0; i < options; i += 1) {
      await menu.press('ArrowDown');
      await expect.poll(() => inViewAsync(list.locator('.menu-option.active'))).toBe(true);
    }
    await saveScreenshotAsync(page, 'panel-menu-above-footer');
  });

  it('remembers the Advanced section across runs, and Escape closes it from a field inside', async () => {
    const { page, plugin } = await e2e.openAsync();
    await plugin.getByText('Advanced', { exact: true }).click();
    const steps = plugin.getByLabel('Steps', { exact: true });
    await steps.waitFor();
    await page.getByRole('button', { name: 'Close plugin' }).click();
    await page.getByRole('button', { name: 'Open plugin' }).click();
    await plugin.getByLabel('Steps', { exact: true }).waitFor({ timeout: 15_000 });
    await plugin.getByLabel('Steps', { exact: true }).focus();
    await plugin.getByLabel('Steps', { exact: true }).press('Escape');
    await expect.poll(() => plugin.getByLabel('Steps', { exact: true }).count()).toBe(0);
    // Focus returns to the section's title.
    expect(await plugin.locator(':focus').evaluate((element) => [element.tagName, element.getAttribute('aria-expanded'), element.textContent])).toEqual(['BUTTON', 'false', 'Advanced']);
  });

  it('takes two clicks for a first background (a scene, Generate) and one for another variation (Regenerate)', async () => {
    const { page, plugin } = await e2e.openAsync();
    await selectByNamesAsync(page, [{ name: 'Bottle', parent: 'Social post' }]);
    await expect.poll(() => generateButton(plugin).isEnabled(), { timeout: 15_000 }).toBe(true);
    let clicks = 0;
    await plugin.getByRole('button', { name: 'Beach' }).click();
    clicks += 1;
    expect(await plugin.getByLabel('Prompt', { exact: true }).inputValue()).toBe('sunny beach, fine sand, turquoise sea, summer light');
    expect(await plugin.getByRole('button', { name: 'Beach' }).getAttribute('aria-pressed')).toBe('true');
    await generateButton(plugin).click();
    clicks += 1;
    await waitForOpenTaskUidsAsync(page, 1);
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 1 && states[0] === 'placed');
    expect(clicks).toBe(2);

    await plugin.getByRole('button', { name: 'Regenerate' }).click();
    await waitForOpenTaskUidsAsync(page, 1);
    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 2 && states.every((state) => state === 'placed'));
    console.info('panel: first background = 2 clicks in the plugin (scene tile, Generate); another variation = 1 click (Regenerate)');
    // The card names its frame and layer.
    expect(await plugin.locator('[data-testid^="job-"] .job-label').first().innerText()).toBe('Social post · Bottle');
    await saveScreenshotAsync(page, 'panel-jobs');
  });
});
