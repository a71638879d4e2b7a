// A validation problem as a designer reads it, and the result of a check that yields one: shared
// by the zod schemas (./issues) and by code that must not load zod (the typed call, generated checks).

export interface ContractIssue {
  /** The field, e.g. `SubModelList[0].InferenceParams.LoraWeight`; '' for the whole body. */
  path: string;
  /** A stable rule id: required, type, integer, range, enum, unknown_field, image_index, ... */
  rule: string;
  /** The full sentence, starting with the path: what is wrong and what to do. */
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ContractIssue[] };

/** All issues as one text, one per line. */
export function formatIssues(issues: readonly ContractIssue[]): string {
  return issues.map((issue) => issue.message).join('\n');
}
