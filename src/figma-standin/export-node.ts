// node.exportAsync for the stand-in: Figma's settings (PNG, SCALE/WIDTH/HEIGHT constraint,
// useAbsoluteBounds, contentsOnly) turned into a display list, rasterized and encoded as PNG.

import { type Affine, type Box, unionBoxes } from './affine.js';
import { type DocumentColorProfile, type ExportColorProfile, convertToExportProfile, parseExportColorProfile } from './color-profile.js';
import type { ImageCodec, RgbaImage } from './image-codec.js';
import type { DrawOp, ResolvedPaint, StrokeSpec } from './draw-ops.js';
import { rasterize } from './rasterize.js';
import { hasPaints, isFrameLike, isGroup, isPage, isSceneNode } from './node-kinds.js';
import type { BaseNodeImpl } from './base-node.js';
import { type PaintLike, dropShadowsOf, strokeOutset } from './paint-checks.js';
import type { SceneNodeImpl } from './scene-node.js';

export interface ExportDeps {
  codec: ImageCodec;
  /** DocumentNode.documentColorProfile: the space fills are in. */
  documentColorProfile: DocumentColorProfile;
  /** Decoded image by hash (cached by the caller). */
  decodeImageAsync(hash: string): Promise<RgbaImage>;
}

/** Figma renders exports up to this many pixels per side. */
const MAX_EXPORT_SIDE = 16384;

interface ParsedSettings {
  constraint: { type: 'SCALE' | 'WIDTH' | 'HEIGHT'; value: number };
  useAbsoluteBounds: boolean;
  contentsOnly: boolean;
  colorProfile: ExportColorProfile;
}

function parseSettings(raw: unknown): ParsedSettings {
  const s = (raw ?? {}) as Record<string, unknown>;
  if (typeof s !== 'object') throw new Error('exportAsync: settings must be an object');
  const format = s.format ?? 'PNG';
  if (format !== 'PNG') throw new Error(`exportAsync: the stand-in exports format "PNG" only, got ${String(format)}`);
  const c = (s.constraint ?? { type: 'SCALE', value: 1 }) as { type?: unknown; value?: unknown };
  if (c.type !== 'SCALE' && c.type !== 'WIDTH' && c.type !== 'HEIGHT') {
    throw new Error('exportAsync: constraint.type must be SCALE, WIDTH or HEIGHT');
  }
  if (typeof c.value !== 'number' || !Number.isFinite(c.value) || c.value <= 0) {
    throw new Error('exportAsync: constraint.value must be a positive number');
  }
  return {
    constraint: { type: c.type, value: c.value },
    useAbsoluteBounds: s.useAbsoluteBounds === true,
    contentsOnly: s.contentsOnly !== false,
    colorProfile: parseExportColorProfile(s.colorProfile),
  };
}

/** The region an export covers, in page coordinates. */
function exportRegion(node: BaseNodeImpl, useAbsoluteBounds: boolean): Box | null {
  if (isPage(node)) {
    const kids = (node._kids ?? []) as SceneNodeImpl[];
    return unionBoxes(kids.filter((k) => k._visible).map((k) => k._renderBox()).filter((b): b is Box => b !== null));
  }
  if (!isSceneNode(node)) return null;
  return useAbsoluteBounds ? (node as unknown as { absoluteBoundingBox: Box }).absoluteBoundingBox : node._renderBox();
}

/** Output pixel size for a region and constraint, rounded as Figma does (at least 1 px). */
function exportPixelSize(region: Box, constraint: ParsedSettings['constraint']): { width: number; height: number; scale: number } {
  let scale = constraint.value;
  if (constraint.type === 'WIDTH') scale = constraint.value / region.width;
  if (constraint.type === 'HEIGHT') scale = constraint.value / region.height;
  const width = Math.max(1, Math.round(region.width * scale));
  const height = Math.max(1, Math.round(region.height * scale));
  return { width, height, scale };
}

/**
 * Figma's message when an export renders nothing: a hidden node, a node inside a hidden parent,
 * or one without a visible paint anywhere.
 * Whether a hidden ancestor alone makes Figma reject is not documented: the stricter answer is
 * modelled.
 */
const NOTHING_VISIBLE_TO_EXPORT = 'Failed to export node. This node may not have any visible layers.';

function paintsSomething(paints: readonly PaintLike[]): boolean {
  return paints.some((p) => p.visible !== false && (typeof p.opacity !== 'number' || p.opacity > 0));
}

/** True when the node (shown, with shown ancestors) draws at least one visible paint. */
function rendersSomething(node: SceneNodeImpl): boolean {
  if (!node._visible || node._opacity <= 0 || node.type === 'SLICE') return false;
  if (paintsSomething(fillsOf(node)) || dropShadowsOf(node).length > 0) return true;
  const painted = hasPaints(node) ? node : null;
  if (painted && painted._strokeWeight > 0 && paintsSomething(painted._strokes)) return true;
  return ((node._kids ?? []) as SceneNodeImpl[]).some(rendersSomething);
}

export async function exportNodePngAsync(node: BaseNodeImpl, rawSettings: unknown, deps: ExportDeps): Promise<Uint8Array> {
  const settings = parseSettings(rawSettings);
  if (isSceneNode(node) && (!node._isRendered() || !rendersSomething(node))) throw new Error(NOTHING_VISIBLE_TO_EXPORT);
  if (isPage(node) && !((node._kids ?? []) as SceneNodeImpl[]).some(rendersSomething)) throw new Error(NOTHING_VISIBLE_TO_EXPORT);
  const region = exportRegion(node, settings.useAbsoluteBounds);
  if (!region || region.width <= 0 || region.height <= 0) throw new Error(NOTHING_VISIBLE_TO_EXPORT);
  const size = exportPixelSize(region, settings.constraint);
  if (size.width > MAX_EXPORT_SIDE || size.height > MAX_EXPORT_SIDE) {
    throw new Error(`exportAsync: ${size.width} x ${size.height} px is above the ${MAX_EXPORT_SIDE} px export limit`);
  }
  let roots: SceneNodeImpl[];
  if (isPage(node)) roots = (node._kids ?? []) as SceneNodeImpl[];
  else if (settings.contentsOnly) roots = [node as SceneNodeImpl];
  else roots = ((node._page()?._kids ?? []) as SceneNodeImpl[]);
  const image = await renderNodesToRgbaAsync(roots, region, 1, deps, null, { width: size.width, height: size.height });
  convertToExportProfile(image.rgba, deps.documentColorProfile, settings.colorProfile);
  return deps.codec.encodePngAsync(image);
}

/** Draws layers (bottom first) covering `region` at `scale` output pixels per canvas unit, or at an exact pixel size. */
export async function renderNodesToRgbaAsync(
  roots: readonly SceneNodeImpl[],
  region: Box,
  scale: number,
  deps: ExportDeps,
  background: readonly PaintLike[] | null,
  pixelSize?: { width: number; height: number },
): Promise<RgbaImage> {
  const hashes = new Set<string>();
  for (const r of roots) collectImageHashes(r, hashes);
  const decoded = new Map<string, RgbaImage>();
  await Promise.all([...hashes].map(async (h) => decoded.set(h, await deps.decodeImageAsync(h))));
  const ops = roots.map((r) => buildOp(r, decoded)).filter((o): o is DrawOp => o !== null);
  const width = pixelSize?.width ?? Math.max(1, Math.round(region.width * scale));
  const height = pixelSize?.height ?? Math.max(1, Math.round(region.height * scale));
  const bg = background ? resolvePaints(background, decoded).find((p) => p.type === 'SOLID') ?? null : null;
  return rasterize(ops, { region, pixelWidth: width, pixelHeight: height }, bg);
}

function fillsOf(node: SceneNodeImpl): readonly PaintLike[] {
  if (hasPaints(node)) return node._fills;
  return [];
}

function strokeOf(node: SceneNodeImpl, decoded: Map<string, RgbaImage>): StrokeSpec | undefined {
  if (!(hasPaints(node))) return undefined;
  const outer = strokeOutset(node);
  const weight = node._strokeWeight;
  if (weight <= 0) return undefined;
  const paints = resolvePaints(node._strokes, decoded);
  if (paints.length === 0) return undefined;
  return { paints, outer, inner: outer - weight };
}

function collectImageHashes(node: SceneNodeImpl, out: Set<string>): void {
  const strokes = hasPaints(node) ? node._strokes : [];
  for (const p of [...fillsOf(node), ...strokes]) if (p.type === 'IMAGE' && typeof p.imageHash === 'string' && p.visible !== false) out.add(p.imageHash);
  for (const k of node._kids ?? []) collectImageHashes(k as SceneNodeImpl, out);
}

function resolvePaints(paints: readonly PaintLike[], decoded: Map<string, RgbaImage>): ResolvedPaint[] {
  const out: ResolvedPaint[] = [];
  for (const p of paints) {
    if (p.visible === false) continue;
    const opacity = typeof p.opacity === 'number' ? p.opacity : 1;
    if (p.type === 'SOLID') {
      const c = p.color as { r: number; g: number; b: number };
      out.push({ type: 'SOLID', r: c.r, g: c.g, b: c.b, a: opacity });
    } else if (p.type === 'IMAGE' && typeof p.imageHash === 'string') {
      const image = decoded.get(p.imageHash);
      if (!image) continue;
      out.push({
        type: 'IMAGE',
        image,
        scaleMode: p.scaleMode as 'FILL' | 'FIT' | 'CROP' | 'TILE',
        opacity,
        imageTransform: Array.isArray(p.imageTransform) ? (p.imageTransform as Affine) : undefined,
        scalingFactor: typeof p.scalingFactor === 'number' ? p.scalingFactor : undefined,
      });
    }
  }
  return out;
}

function buildOp(node: SceneNodeImpl, decoded: Map<string, RgbaImage>): DrawOp | null {
  if (!node._visible) return null;
  if (node.type === 'SLICE') return null;
  const opacity = node._opacity;
  const transform = node._absolute();
  if (isGroup(node)) {
    const children = ((node._kids ?? []) as SceneNodeImpl[]).map((k) => buildOp(k, decoded)).filter((o): o is DrawOp => o !== null);
    return { kind: 'layer', opacity, clip: null, children };
  }
  const cornerRadius = (node as { _cornerRadius?: number })._cornerRadius ?? 0;
  const geometry = { transform, width: node._w, height: node._h, cornerRadius };
  const own: DrawOp = {
    kind: 'shape',
    shape: node.type === 'ELLIPSE' ? 'ELLIPSE' : 'RECT',
    ...geometry,
    paints: resolvePaints(fillsOf(node), decoded),
    opacity: 1,
    stroke: strokeOf(node, decoded),
    shadows: dropShadowsOf(node).map((e) => ({
      r: e.color.r,
      g: e.color.g,
      b: e.color.b,
      a: e.color.a,
      dx: e.offset.x,
      dy: e.offset.y,
      radius: e.radius,
      spread: e.spread ?? 0,
    })),
  };
  if (!node._kids) return { ...own, opacity };
  let kids = (node._kids as SceneNodeImpl[]).map((k) => buildOp(k, decoded)).filter((o): o is DrawOp => o !== null);
  if (isFrameLike(node) && node._drawsFirstChildOnTop()) kids = kids.reverse();
  const clips = isFrameLike(node) ? node._clipsContent : false;
  const children: DrawOp =
    { kind: 'layer', opacity: 1, clip: clips ? { shape: 'RECT', ...geometry } : null, children: kids };
  return { kind: 'layer', opacity, clip: null, children: [own, children] };
}

