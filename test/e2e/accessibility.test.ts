// axe-core run inside the plugin's iframe, in Figma's light and dark themes, on every tab and
// state a designer passes through (nothing selected, a selection with Advanced open, a running
// job, placed results, settings): no violation of any impact may remain (moderate and minor ones
// too: a main landmark holding everything, a level-one heading).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import {
  emulatorAdminAsync,
  finishOpenTasksAsync,
  generateAsync,
  selectByNamesAsync,
  setUpE2eSuite,
  showPluginTabAsync,
  waitForJobStatesAsync,
  waitForOpenTaskUidsAsync,
} from './harness.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const e2e = setUpE2eSuite({ afterEachAsync: (stack) => emulatorAdminAsync(stack.emulatorUrl, 'faults', {}) });

interface Finding {
  rule: string;
  impact: string;
  targets: string[];
  summary: string;
}

function pluginFrame(page: Page): Frame {
  const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
  if (!frame) throw new Error('the plugin iframe is not loaded');
  return frame;
}

/** The axe violations of the plugin UI as it is now, of every impact. */
async function violationsAsync(page: Page): Promise<Finding[]> {
  const frame = pluginFrame(page);
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE_SOURCE);
  return frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe;
    // label-content-name-mismatch is experimental (off by default): a control's name must contain its visible text.
    const result = await axe.run(document, { resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } });
    return result.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? '',
      targets: violation.nodes.map((node) => node.target.join(' ')),
      summary: violation.nodes[0]?.failureSummary ?? '',
    }));
  });
}

describe.each(['light', 'dark'] as const)('the plugin UI in Figma\'s %s theme', (theme) => {
  it('has no axe violation on any tab or state', async () => {
    const { page, plugin } = await e2e.openAsync({ theme });
    expect(await pluginFrame(page).evaluate(() => document.documentElement.className)).toContain(`figma-${theme}`);
    const found: Record<string, Finding[]> = {};
    const check = async (state: string) => {
      found[state] = await violationsAsync(page);
    };

    await page.evaluate(() => window.__playground.select([]));
    await plugin.getByTestId('empty-state').waitFor({ timeout: 15_000 });
    await check('Generate, nothing selected');

    await selectByNamesAsync(page, [{ name: 'Bottle', parent: 'Social post' }]);
    await plugin.getByRole('img', { name: /Preview of Bottle/ }).waitFor({ timeout: 15_000 });
    await plugin.getByText('Advanced', { exact: true }).click();
    await plugin.getByLabel('Steps', { exact: true }).fill('500');
    await check('Generate, Advanced open, a field problem');
    await plugin.getByLabel('Steps', { exact: true }).fill('10');
    await plugin.getByRole('combobox', { name: /^Area/ }).click();
    await check('Generate, option menu open');
    await plugin.getByRole('option', { name: 'Frame' }).click();

    await generateAsync(plugin, { prompt: 'marble', variations: 2 });
    await waitForOpenTaskUidsAsync(page, 1);
    await showPluginTabAsync(plugin, 'Jobs');
    await plugin.getByRole('button', { name: 'Cancel' }).waitFor();
    await check('Jobs, a running job');
    await showPluginTabAsync(plugin, 'Generate');
    await plugin.getByRole('list', { name: 'Running jobs' }).waitFor();
    await check('Generate, running-jobs strip');

    await finishOpenTasksAsync(page, e2e.stack.emulatorUrl);
    await waitForJobStatesAsync(page, plugin, (states) => states.length === 1 && states[0] === 'placed');
    await plugin.getByRole('button', { name: 'Use variation 2' }).waitFor();
    await check('Jobs, placed results');

    await showPluginTabAsync(plugin, 'Settings');
    await plugin.getByLabel('Relay URL').waitFor();
    await check('Settings');

    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((state) => [state, []])));
  });
});

describe('the accessibility check itself', () => {
  it('reports a serious violation when the plugin UI has one', async () => {
    const { page } = await e2e.openAsync();
    // Figma's own secondary text colour at 11 px on white: 3.94:1, under the 4.5:1 that text needs.
    await pluginFrame(page).evaluate(() => {
      const text = document.createElement('p');
      text.textContent = 'Low-contrast label';
      text.style.cssText = 'color: rgba(0, 0, 0, 0.5); background: #fff; font-size: 11px';
      // A button whose accessible name does not contain its visible text.
      const button = document.createElement('button');
      button.textContent = 'Use this';
      button.setAttribute('aria-label', 'Use variation 1');
      document.querySelector('.tab')?.append(text, button);
    });
    const findings = await violationsAsync(page);
    expect(findings.map((finding) => finding.rule)).toEqual(expect.arrayContaining(['color-contrast', 'label-content-name-mismatch']));
  });
});
