// The contract's functions its generated check specs name (src/contract/generated/ui-specs.ts):
// the refinements, cross-field rules and transforms of the zod schemas, the very same functions.
import { checkGenerateBackgrounds, isOnLoraWeightStep, isOnResolutionStep, normaliseGenerateBackgrounds } from './generate-backgrounds-rules';
import { checkRemoveBackground, checkRemoveBackgroundsInBatch, checkRemoveContents } from './image-edit-rules';
import { withErrorMassage, withModelCodes } from './response-transforms';
import type { SpecFunctions } from './spec-check';
import { isBase64Image } from './value-tests';

export const CONTRACT_SPEC_FUNCTIONS = {
  isBase64Image,
  isOnLoraWeightStep,
  isOnResolutionStep,
  checkGenerateBackgrounds,
  normaliseGenerateBackgrounds,
  checkRemoveBackground,
  checkRemoveBackgroundsInBatch,
  checkRemoveContents,
  withErrorMassage,
  withModelCodes,
} as unknown as SpecFunctions;
