// ListModels: the emulator's catalogue (model-catalogue.ts).
import { listCatalogueModels } from '../model-catalogue';
import { ok, type ActionHandler } from './action-handler';

export const listModels: ActionHandler<'ListModels'> = () => ok(listCatalogueModels());
