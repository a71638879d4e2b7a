// The kinds of sub-model the form offers besides the main model.
export const SUB_MODEL_KINDS = ['lora', 'embedding', 'hypernetwork'] as const;
export type SubModelKind = (typeof SUB_MODEL_KINDS)[number];
