// The one place request names meet their handlers.
import type { RequestHandlers } from '../../protocol/main-dispatcher';
import type { PluginContext } from '../plugin-context';
import { initAsync } from './init';
import { getSelectionAsync } from './get-selection';
import { handleExportLayerAsync } from './export-layer';
import { hiddenLayersAsync } from './hidden-layers';
import { saveJobAsync } from './save-job';
import { removeJobAsync } from './remove-job';
import { placeImageAsync } from './place-image';
import { showVariationAsync } from './show-variation';
import { deleteUnusedVariationsAsync } from './delete-unused-variations';
import { frameThumbnailAsync } from './frame-thumbnail';
import { handleSaveSettingsAsync } from './save-settings';
import { handleSaveTeamRelayUrl } from './save-team-relay-url';
import { handleNotify } from './notify';
import { selectLayersAsync } from './select-layers';
import { handleResize } from './resize';

export function createRequestHandlers(context: PluginContext): RequestHandlers {
  return {
    init: () => initAsync(context),
    getSelection: () => getSelectionAsync(context),
    exportLayer: (payload) => handleExportLayerAsync(context, payload),
    hiddenLayers: (payload) => hiddenLayersAsync(context, payload),
    saveJob: (payload) => saveJobAsync(context, payload),
    removeJob: (payload) => removeJobAsync(context, payload),
    placeImage: (payload) => placeImageAsync(context, payload),
    showVariation: (payload) => showVariationAsync(context, payload),
    deleteUnusedVariations: (payload) => deleteUnusedVariationsAsync(context, payload),
    frameThumbnail: (payload) => frameThumbnailAsync(context, payload),
    saveSettings: (payload) => handleSaveSettingsAsync(context, payload),
    saveTeamRelayUrl: (payload) => handleSaveTeamRelayUrl(context, payload),
    notify: (payload) => handleNotify(context, payload),
    selectLayers: (payload) => selectLayersAsync(context, payload),
    resize: (payload) => handleResize(context, payload),
  };
}
