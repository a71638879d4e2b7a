// The form's problems in plain words, each tied to the field that shows it: contract issues of the
// GenerateBackgrounds body mapped back to the form control a designer changes.
import type { ContractIssue } from '../../src/contract/issues';

export type ProblemField = 'selection' | 'prompt' | 'negativePrompt' | 'batchSize' | 'steps' | 'seed' | 'width' | 'height' | 'model' | 'subModels' | 'reference' | 'other';

export interface FieldProblem {
  field: ProblemField;
  message: string;
}

/** Body paths (their first segment, or a longer prefix) -> the form field and its plain name. */
const FIELD_OF_PATH: readonly { prefix: string; field: ProblemField; name: string }[] = [
  { prefix: 'MainModel.InferenceParams.Steps', field: 'steps', name: 'Steps' },
  { prefix: 'MainModel', field: 'model', name: 'Model' },
  { prefix: 'SubModelList', field: 'subModels', name: 'Extra model' },
  { prefix: 'PositivePrompts', field: 'prompt', name: 'Prompt' },
  { prefix: 'NegativePrompts', field: 'negativePrompt', name: 'Avoid' },
  { prefix: 'BatchSize', field: 'batchSize', name: 'Variations' },
  { prefix: 'Seed', field: 'seed', name: 'Seed' },
  { prefix: 'Width', field: 'width', name: 'Width' },
  { prefix: 'Height', field: 'height', name: 'Height' },
  { prefix: 'BackgroundImage2Image', field: 'reference', name: 'Reference strength' },
];

/** One contract issue as the form shows it: "Variations must be a whole number between 1 and 16 (got 40)". */
export function fieldProblemOf(issue: ContractIssue): FieldProblem {
  const match = FIELD_OF_PATH.find((entry) => issue.path === entry.prefix || issue.path.startsWith(`${entry.prefix}.`) || issue.path.startsWith(`${entry.prefix}[`));
  if (!match) return { field: 'other', message: issue.message };
  const rest = issue.message.startsWith(issue.path) ? issue.message.slice(issue.path.length).trim() : issue.message;
  return { field: match.field, message: `${match.name} ${rest}` };
}

/** "1 problem to fix", "3 problems to fix". */
export function problemCountText(count: number): string {
  return `${count} problem${count === 1 ? '' : 's'} to fix`;
}
