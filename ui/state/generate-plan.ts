// What a Generate would do with the current selection and form, derived on every change: the
// jobs it would start (one per frame group), the form's problems tied to their fields, the
// reference it would send, and what the run will cost.
import { PICPIK_LIMITS } from '../../src/contract/generate-backgrounds-rules';
import { computed, type ReadonlySignal } from './signals';
import type { JobRecord } from '../../src/protocol/shapes';
import type { SelectionState } from '../../src/protocol/selection-shapes';
import { PLACEHOLDER_PNG, buildGenerateRequest, type GenerateForm } from '../lib/build-generate-request';
import { computeArea } from '../lib/compute-area';
import { estimateCredits } from '../lib/credit-estimate';
import { fieldProblemOf, type FieldProblem } from '../lib/field-problems';
import { areaSpecOf, type FormParams } from '../lib/form-params';
import { defaultOutputSize } from '../lib/output-size';
import type { JobPlan, ReferenceInput } from '../lib/start-job';

export interface PlannedJob {
  key: string;
  plan: JobPlan;
  layerNames: string[];
  /** Frame, then layer names: "Banner · Sneaker". */
  sourceLabel: string;
  notes: string[];
}

/** How the background meets an area of another aspect, by Fit (the ResizeMode of the cut-out). */
const ASPECT_NOTE = {
  JustResize: 'the background is stretched to cover the area',
  CropAndResize: 'the layer is cropped to fill the output, so the background covers only part of the area',
  ResizeAndFill: 'the background reaches past the area on two sides, around the whole layer',
} as const;

/** A fixed seed's range: PICPIK's, without the -1 that asks it to pick one. */
export const FIXED_SEED = { min: 0, max: PICPIK_LIMITS.Seed.max } as const;

/** The form as one job sends it: its output size and seed resolved. */
export function resolvedForm(f: FormParams, output: { width: number; height: number }, seed: number): GenerateForm {
  return { ...f, width: output.width, height: output.height, resolvedSeed: seed };
}

export interface GeneratePlanInputs {
  selection: ReadonlySignal<SelectionState>;
  form: ReadonlySignal<FormParams>;
  jobs: ReadonlySignal<JobRecord[]>;
  referenceLayerId: ReadonlySignal<string | null>;
  referenceFile: ReadonlySignal<{ name: string; bytes: Uint8Array } | null>;
}

export function createGeneratePlan(inputs: GeneratePlanInputs) {
  const { selection, form, jobs, referenceLayerId, referenceFile } = inputs;

  const plannedJobs = computed<PlannedJob[]>(() => {
    const current = selection.value;
    const f = form.value;
    const layersById = new Map(current.layers.map((layer) => [layer.id, layer]));
    const out: PlannedJob[] = [];
    for (const group of current.groups) {
      const layerIds = group.layerIds.filter((id) => id !== referenceLayerId.value && layersById.get(id)?.usable !== false);
      if (layerIds.length === 0) continue;
      const layers = layerIds.map((id) => layersById.get(id)).filter((layer) => layer !== undefined);
      const spec = areaSpecOf(f);
      const area = computeArea({ frame: group.frame, layerBoxes: layers.map((layer) => layer.box) }, spec);
      const sized =
        f.sizeChoice === 'custom'
          ? { width: f.customWidth, height: f.customHeight, notes: [] as string[] }
          : defaultOutputSize(area.box, f.sizeChoice);
      const notes = [...area.notes, ...sized.notes];
      if (f.sizeChoice === 'custom' && Math.abs(sized.width / sized.height - area.box.width / area.box.height) > 0.02) {
        // What the placement does with the difference follows Fit (src/plugin/background-frame-box.ts).
        notes.push(`The output aspect differs from the area: ${ASPECT_NOTE[f.resizeMode]}`);
      }
      const lowest = layerIds.includes(group.lowestLayerId) ? group.lowestLayerId : (layerIds[0] as string);
      const layerNames = layers.map((layer) => layer.name);
      const sourceLabel = [group.frame?.name, layerNames.join(', ')].filter((part) => part).join(' · ');
      out.push({
        key: group.key,
        layerNames,
        sourceLabel,
        notes,
        plan: {
          pageId: layers[0]?.pageId ?? '',
          layerIds,
          lowestLayerId: lowest,
          frameId: group.frame?.id ?? null,
          area: area.box,
          areaSpec: spec,
          output: { width: sized.width, height: sized.height },
          sourceLabel,
        },
      });
    }
    return out;
  });


  /** Field problems of the form as PICPIK would see them, before anything is exported or sent. */
  const formProblems = computed<FieldProblem[]>(() => {
    const f = form.value;
    const first = plannedJobs.value[0];
    const output = first ? first.plan.output : { width: f.customWidth, height: f.customHeight };
    const hasReference = f.referenceSource !== 'none';
    const built = buildGenerateRequest(
      resolvedForm(f, output, f.seedMode === 'fixed' ? f.seed : 0),
      PLACEHOLDER_PNG,
      hasReference ? PLACEHOLDER_PNG : undefined,
    );
    const problems = built.ok ? [] : built.issues.map(fieldProblemOf);
    if (f.seedMode !== 'fixed') return problems;
    // PICPIK reads Seed -1 as "pick one", which a fixed seed is not: the job could never be made
    // again with it. So a fixed seed is told its own range, without the -1 the contract allows.
    const fixedRange = `Seed number must be a whole number from ${FIXED_SEED.min} to ${FIXED_SEED.max} (got ${f.seed}); Random picks a new one for each run`;
    const others = problems.filter((problem) => problem.field !== 'seed');
    return others.length < problems.length || f.seed === -1 ? [...others, { field: 'seed', message: fixedRange }] : problems;
  });
  const formIssues = computed<string[]>(() => formProblems.value.map((problem) => problem.message));

  /**
   * Everything that keeps Generate from running, recomputed from the current selection and form
   * on every change (never a list kept from an earlier click, which would go stale).
   */
  const fieldProblems = computed<FieldProblem[]>(() => {
    const f = form.value;
    const problems: FieldProblem[] = [];
    if (plannedJobs.value.length === 0) problems.push({ field: 'selection', message: selection.value.problem ?? 'Select a layer with transparent areas (a cut-out)' });
    problems.push(...formProblems.value);
    if (f.referenceSource === 'file' && !referenceFile.value) problems.push({ field: 'reference', message: 'Choose a reference image file, or set the reference to None' });
    if (f.referenceSource === 'layer' && !referenceInput()) problems.push({ field: 'reference', message: 'Choose which selected layer is the reference, or set the reference to None' });
    return problems;
  });
  const generateProblems = computed<string[]>(() => fieldProblems.value.map((problem) => problem.message));

  /** Credits this run will cost, from the last jobs' ConsumeApiPoint; undefined before any priced job. */
  const costEstimate = computed<number | undefined>(() =>
    estimateCredits(jobs.value, plannedJobs.value.map((job) => job.plan.output), form.value.batchSize),
  );

  function referenceInput(): ReferenceInput | undefined {
    const f = form.value;
    if (f.referenceSource === 'file' && referenceFile.value) return { kind: 'bytes', bytes: referenceFile.value.bytes };
    if (f.referenceSource === 'layer' && referenceLayerId.value) {
      const layer = selection.value.layers.find((candidate) => candidate.id === referenceLayerId.value);
      if (layer) return { kind: 'layer', layerId: layer.id, box: layer.box };
    }
    return undefined;
  }

  return { plannedJobs, formIssues, fieldProblems, generateProblems, costEstimate, referenceInput };
}
