// The protocol's functions its generated check specs name (src/contract/generated/ui-specs.ts).
import type { SpecFunctions } from '../contract/spec-check';
import { isBytes } from './is-bytes';

export const PROTOCOL_SPEC_FUNCTIONS = { isBytes } as unknown as SpecFunctions;
