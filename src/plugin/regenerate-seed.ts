// Reads the stored request behind a "Regenerate" relaunch: the first selected Backdrop frame or
// source layer that carries our plugin data.
import type { RegenerateSeed } from '../protocol/shapes';
import { readMetadata, regenerateSeedFrom } from './backdrop-metadata';

export function regenerateSeedForSelection(api: PluginAPI): RegenerateSeed | undefined {
  for (const node of api.currentPage.selection) {
    const metadata = readMetadata(node);
    if (metadata) return regenerateSeedFrom(metadata);
  }
  return undefined;
}
