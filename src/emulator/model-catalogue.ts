// The models the emulator's ListModels answers with: PICPIK-like codes, each clearly named as an
// emulator model so nobody mistakes its output for the real service's.

interface CatalogueModel {
  ModelCode: string;
  Name: string;
  IsOfficial: boolean;
  TriggerWordList?: string[];
  InferenceParams?: Record<string, number>;
}

const DEFAULT_MAIN_MODEL_CODE = 'PICPIK General';

const mainModels: CatalogueModel[] = [
  { ModelCode: DEFAULT_MAIN_MODEL_CODE, Name: 'PICPIK General (emulator)', IsOfficial: true, InferenceParams: { Steps: 10 } },
  { ModelCode: 'PICPIK Product Studio', Name: 'PICPIK Product Studio (emulator)', IsOfficial: true, InferenceParams: { Steps: 20 } },
  { ModelCode: 'PICPIK Realistic Scene', Name: 'PICPIK Realistic Scene (emulator)', IsOfficial: true, InferenceParams: { Steps: 25 } },
];
const loraModels: CatalogueModel[] = [
  { ModelCode: 'lora-soft-light', Name: 'Soft Light LoRA (emulator)', IsOfficial: true, TriggerWordList: ['soft light'], InferenceParams: { LoraWeight: 1 } },
  { ModelCode: 'lora-marble-surface', Name: 'Marble Surface LoRA (emulator)', IsOfficial: true, TriggerWordList: ['marble'], InferenceParams: { LoraWeight: 0.8 } },
];
const embeddingModels: CatalogueModel[] = [
  { ModelCode: 'embedding-clean-product', Name: 'Clean Product Embedding (emulator)', IsOfficial: true },
];
const hypernetworkModels: CatalogueModel[] = [
  { ModelCode: 'hypernetwork-film-tone', Name: 'Film Tone Hypernetwork (emulator)', IsOfficial: false },
];

const byCode = (models: CatalogueModel[]): Record<string, CatalogueModel> =>
  Object.fromEntries(models.map((model) => [model.ModelCode, model]));

/** The ListModels response fields (maps keyed by ModelCode). */
export function listCatalogueModels(): {
  MainModels: Record<string, CatalogueModel>;
  LoraModels: Record<string, CatalogueModel>;
  EmbeddingModels: Record<string, CatalogueModel>;
  HypernetworkModels: Record<string, CatalogueModel>;
} {
  return {
    MainModels: byCode(mainModels),
    LoraModels: byCode(loraModels),
    EmbeddingModels: byCode(embeddingModels),
    HypernetworkModels: byCode(hypernetworkModels),
  };
}
