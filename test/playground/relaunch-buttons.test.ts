// The playground's relaunch buttons: the manifest's buttons, offered for a selection the way
// Figma's properties panel offers them.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createFigmaStandin } from '../../src/figma-standin/index.js';
import { createSharpCodec } from '../../src/figma-standin/codec-sharp.js';
import { RELAUNCH_BUTTONS, relaunchButtonsFor } from '../../src/playground/page/relaunch-buttons.js';

describe('relaunch buttons', () => {
  it('mirror the relaunchButtons of manifest.json', async () => {
    const manifest = JSON.parse(await readFile('manifest.json', 'utf8')) as { relaunchButtons: unknown };
    expect(RELAUNCH_BUTTONS).toEqual(manifest.relaunchButtons);
  });

  it('appear when a selected node carries relaunch data for the command, with its description', () => {
    const { figma } = createFigmaStandin({ codec: createSharpCodec() });
    const plain = figma.createRectangle();
    const placed = figma.createFrame();
    placed.setRelaunchData({ regenerate: 'New backgrounds for this layer' });
    const other = figma.createRectangle();
    other.setRelaunchData({ edit: 'Something else' });

    expect(relaunchButtonsFor([])).toEqual([]);
    expect(relaunchButtonsFor([plain])).toEqual([]);
    expect(relaunchButtonsFor([other])).toEqual([]);
    expect(relaunchButtonsFor([placed])).toEqual([
      { command: 'regenerate', name: 'Regenerate background', description: 'New backgrounds for this layer' },
    ]);
    // multipleSelection: true keeps the button when other layers are selected too.
    expect(relaunchButtonsFor([plain, placed]).map((button) => button.command)).toEqual(['regenerate']);
  });
});
