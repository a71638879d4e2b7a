// Reads the stored request behind a "Regenerate" relaunch: the first selected Backdrop frame or
// source layer that carries our plugin data; a selected Backdrop container stands for the
// variation it shows.
import type { RegenerateSeed } from '../protocol/shapes';
import { readMetadata, regenerateSeedFrom } from './backdrop-metadata';
import { isBackdropContainer } from './backdrop-container';

export function regenerateSeedForSelection(api: PluginAPI): RegenerateSeed | undefined {
  for (const selected of api.currentPage.selection) {
    const node = isBackdropContainer(selected) ? (selected as FrameNode).children.find((kid) => kid.visible) || selected : selected;
    const metadata = readMetadata(node);
    if (metadata) return regenerateSeedFrom(metadata);
  }
  return undefined;
}
