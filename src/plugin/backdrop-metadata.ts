// The metadata written on every Backdrop frame and its source layers: what made it, so placement
// stays idempotent and "Regenerate" can reuse the request. Stored as shared plugin data
// (namespace and key `backdrop`), which survives the plugin ID changing at publish time; frames
// from earlier versions carry it as private plugin data under the same key, still read.
import { utf8Length } from '../contract/utf8-length';
import type { Box, JobRecord, RegenerateSeed } from '../protocol/shapes';
import { SHARED_NAMESPACE } from './shared-namespace';

export const METADATA_KEY = 'backdrop';
/**
 * Figma allows 100 kB per entry, counting the plugin ID (or namespace), key and value in UTF-8
 * bytes; stay well below.
 */
const MAX_METADATA_BYTES = 90000;
const MAX_TEXT_CHARS = 2000;

export interface BackdropMetadata {
  v: 1;
  role: 'background' | 'source';
  jobId: string;
  taskUid?: string;
  imageIndex?: number;
  seed?: number;
  area: Box;
  areaSpec: JobRecord['areaSpec'];
  placement: JobRecord['placement'];
  resizeMode: JobRecord['resizeMode'];
  output: JobRecord['output'];
  label: string;
  params: Record<string, unknown>;
  sourceLayerIds: string[];
  createdAt: number;
}

function truncateStrings(value: unknown, limit: number): unknown {
  if (typeof value === 'string') return value.length > limit ? value.slice(0, limit) + '…' : value;
  if (Array.isArray(value)) return value.map((item) => truncateStrings(item, limit));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = truncateStrings((value as Record<string, unknown>)[key], limit);
    return out;
  }
  return value;
}

/** JSON under the byte limit: long texts (prompts) are cut first, then the params are dropped. */
export function serializeMetadata(metadata: BackdropMetadata): string {
  let text = JSON.stringify(metadata);
  if (utf8Length(text) <= MAX_METADATA_BYTES) return text;
  const limits = [MAX_TEXT_CHARS, 200];
  for (const limit of limits) {
    text = JSON.stringify(Object.assign({}, metadata, { params: truncateStrings(metadata.params, limit) }));
    if (utf8Length(text) <= MAX_METADATA_BYTES) return text;
  }
  return JSON.stringify(Object.assign({}, metadata, { params: { truncated: true }, sourceLayerIds: metadata.sourceLayerIds.slice(0, 50) }));
}

export function metadataForJob(job: JobRecord, role: BackdropMetadata['role'], imageIndex?: number, seed?: number): BackdropMetadata {
  const metadata: BackdropMetadata = {
    v: 1,
    role,
    jobId: job.id,
    area: job.area,
    areaSpec: job.areaSpec,
    placement: job.placement,
    resizeMode: job.resizeMode,
    output: job.output,
    label: job.label,
    params: job.params,
    sourceLayerIds: job.layerIds,
    createdAt: job.createdAt,
  };
  if (job.taskUid !== undefined) metadata.taskUid = job.taskUid;
  if (imageIndex !== undefined) metadata.imageIndex = imageIndex;
  if (seed !== undefined) metadata.seed = seed;
  return metadata;
}

/** The stored JSON: shared plugin data, else the private plugin data earlier versions wrote. */
export function readMetadataText(node: BaseNode): string {
  return node.getSharedPluginData(SHARED_NAMESPACE, METADATA_KEY) || node.getPluginData(METADATA_KEY);
}

export function writeMetadataText(node: BaseNode, text: string): void {
  node.setSharedPluginData(SHARED_NAMESPACE, METADATA_KEY, text);
}

/** Nodes under `root` that may carry metadata (shared, or private from earlier versions), once each. */
export function findNodesWithMetadata(root: ChildrenMixin, types: NodeType[]): SceneNode[] {
  if (typeof root.findAllWithCriteria !== 'function') return root.findAll((node) => types.indexOf(node.type) >= 0 && readMetadataText(node) !== '');
  const shared = root.findAllWithCriteria({ types, sharedPluginData: { namespace: SHARED_NAMESPACE, keys: [METADATA_KEY] } });
  const legacy = root.findAllWithCriteria({ types, pluginData: { keys: [METADATA_KEY] } });
  if (legacy.length === 0) return shared;
  const seen: { [id: string]: true } = {};
  const out: SceneNode[] = [];
  for (const node of shared.concat(legacy)) {
    if (seen[node.id]) continue;
    seen[node.id] = true;
    out.push(node);
  }
  return out;
}

/** Parsed metadata of a node, or null when it has none or it is not ours. */
export function readMetadata(node: BaseNode): BackdropMetadata | null {
  const text = readMetadataText(node);
  if (!text) return null;
  try {
    const value = JSON.parse(text) as BackdropMetadata;
    return value && value.v === 1 && typeof value.jobId === 'string' ? value : null;
  } catch {
    return null;
  }
}

export function isBackdropFrame(node: BaseNode): boolean {
  const metadata = readMetadata(node);
  return metadata !== null && metadata.role === 'background';
}

/** What "Regenerate" hands the UI for a Backdrop frame or a source layer. */
export function regenerateSeedFrom(metadata: BackdropMetadata): RegenerateSeed {
  return {
    params: metadata.params,
    layerIds: metadata.sourceLayerIds,
    area: metadata.area,
    areaSpec: metadata.areaSpec,
    placement: metadata.placement,
    resizeMode: metadata.resizeMode,
    output: metadata.output,
    label: metadata.label,
    sourceJobId: metadata.jobId,
  };
}
