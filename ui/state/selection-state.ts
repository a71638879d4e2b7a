// The canvas selection as main reports it, and which of it (or which file) is the reference image.
import { batch, signal, type ReadonlySignal } from './signals';
import type { SelectionState } from '../../src/protocol/selection-shapes';
import type { UiChannel } from '../../src/protocol/ui-channel';

export interface ReferenceFile {
  name: string;
  bytes: Uint8Array;
}

export function createSelectionState(channel: UiChannel) {
  const selection = signal<SelectionState>({ layers: [], groups: [], problem: 'Nothing selected' });
  const referenceLayerId = signal<string | null>(null);
  const referenceFile = signal<ReferenceFile | null>(null);

  /** A new selection; a reference layer that is no longer selected is dropped. */
  function setSelection(next: SelectionState): void {
    batch(() => {
      selection.value = next;
      if (referenceLayerId.value && !next.layers.some((layer) => layer.id === referenceLayerId.value)) referenceLayerId.value = null;
    });
  }

  function setReferenceLayer(layerId: string | null): void {
    referenceLayerId.value = layerId;
  }

  function setReferenceFile(file: ReferenceFile | null): void {
    referenceFile.value = file;
  }

  async function selectLayersAsync(ids: string[]): Promise<void> {
    await channel.requestAsync('selectLayers', { ids });
  }

  return {
    selection: selection as ReadonlySignal<SelectionState>,
    referenceLayerId: referenceLayerId as ReadonlySignal<string | null>,
    referenceFile: referenceFile as ReadonlySignal<ReferenceFile | null>,
    setSelection,
    setReferenceLayer,
    setReferenceFile,
    selectLayersAsync,
  };
}
