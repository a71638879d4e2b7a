// Form values + composed foreground (+ optional reference) -> the exact GenerateBackgrounds body
// in the table's shape, validated with the contract's rules before anything is sent.
import type { ActionParams } from '../../src/contract/action-table';
import type { RequestModel } from '../../src/contract/generate-backgrounds-schema';
import type { ContractIssue } from '../../src/contract/issues';
import { checkRequestParams } from '../../src/contract/spec-checks';
import { base64ToBytes, sniffImageType } from '../../src/contract/png-header';
import { encodeBase64 } from './encode-base64';
import { markStage } from './stage-timing';
import type { FormParams, SubModelEntry } from './form-params';
import { splitPrompts } from './split-prompts';

/** The form as one job sends it: output size and seed resolved for that job. */
export interface GenerateForm extends FormParams {
  width: number;
  height: number;
  /** -1 lets PICPIK pick; a job normally resolves a concrete seed so it can be reused. */
  resolvedSeed: number;
  /** Also make a clean plate (the subject erased) of the shown variation once placed. */
  cleanPlate?: boolean;
}

/** The body as sent: the contract's parameters in the table's shape, plus the action's name. */
export type GenerateBackgroundsBody = ActionParams<'GenerateBackgrounds'> & { Action: 'GenerateBackgrounds' };

export type BuildResult = { ok: true; body: GenerateBackgroundsBody } | { ok: false; issues: ContractIssue[] };

const MEDIA_TYPES = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' } as const;

/** `data:image/png;base64,...` for the bytes, with the media type their magic bytes say. */
export function toDataUrl(bytes: Uint8Array): string {
  const type = sniffImageType(bytes) ?? 'png';
  return `data:${MEDIA_TYPES[type]};base64,${encodeBase64(bytes)}`;
}

/** Rounds to hundredths (PICPIK's 0.01 step) without float noise such as 0.30000000000000004. */
function roundToHundredths(value: number): number {
  return Math.round(value * 100) / 100;
}

function subModelBody(entry: SubModelEntry): RequestModel {
  const model: RequestModel = { ModelCode: entry.modelCode.trim() };
  if (entry.name) model.Name = entry.name;
  if (entry.kind === 'lora') {
    const words = splitPrompts(entry.triggerWords);
    if (words.length > 0) model.TriggerWordList = words;
    model.InferenceParams = { LoraWeight: roundToHundredths(entry.weight) };
  }
  return model;
}

/** The body without validation; see buildGenerateRequest. */
export function assembleGenerateBody(form: GenerateForm, foregroundPng: Uint8Array, referenceImage?: Uint8Array): GenerateBackgroundsBody {
  const positive = splitPrompts(form.prompt);
  const negative = splitPrompts(form.negativePrompt);
  const subModels = form.subModels.filter((entry) => entry.modelCode.trim() !== '').map(subModelBody);
  const start = performance.now();
  const foreground = toDataUrl(foregroundPng);
  markStage('base64', start);
  const body: GenerateBackgroundsBody = {
    Action: 'GenerateBackgrounds',
    MainModel: { ModelCode: form.modelCode.trim(), InferenceParams: { Steps: form.steps } },
    TranslatePrompts: form.translatePrompts,
    Seed: form.resolvedSeed,
    Width: form.width,
    Height: form.height,
    BatchSize: form.batchSize,
    UseMainModelVAE: form.useMainModelVAE,
    TransparentForeground: { ImageIndex: 0, ResizeMode: form.resizeMode },
    ImageList: [foreground],
  };
  if (subModels.length > 0) body.SubModelList = subModels;
  if (positive.length > 0) body.PositivePrompts = positive;
  if (negative.length > 0) body.NegativePrompts = negative;
  if (referenceImage) {
    body.BackgroundImage2Image = { ImageIndex: 1, ReferStrength: roundToHundredths(form.referStrength) };
    body.ImageList.push(toDataUrl(referenceImage));
  }
  return body;
}

/** A 1 x 1 RGBA PNG standing in for the foreground (or a reference) while the form is checked against the contract, before any export. */
export const PLACEHOLDER_PNG = base64ToBytes('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==');

/**
 * Builds the body and checks it with the contract's GenerateBackgrounds rules, so a field
 * error (seed out of range, steps, a bad image) shows in the form before any request leaves.
 */
export function buildGenerateRequest(form: GenerateForm, foregroundPng: Uint8Array, referenceImage?: Uint8Array): BuildResult {
  const body = assembleGenerateBody(form, foregroundPng, referenceImage);
  return validateGenerateBody(body);
}

export function validateGenerateBody(body: GenerateBackgroundsBody): BuildResult {
  const { Action: _action, ...params } = body;
  const checked = checkRequestParams('GenerateBackgrounds', params);
  if (!checked.ok) return { ok: false, issues: checked.issues };
  return { ok: true, body };
}

/** The params a job record keeps: the body without its images. */
export function paramsWithoutImages(body: GenerateBackgroundsBody): Record<string, unknown> {
  const { ImageList: _images, Action: _action, ...rest } = body;
  return rest;
}

/** A short, designer-readable summary of the prompt for job and layer names. */
export function promptLabel(prompt: string): string {
  const first = splitPrompts(prompt)[0] ?? '';
  if (!first) return 'Backdrop';
  return first.length > 40 ? `${first.slice(0, 39)}…` : first;
}
