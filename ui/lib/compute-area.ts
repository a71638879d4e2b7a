// Resolves the designer's area choice (frame, padded layer, aspect preset, custom size) to the
// axis-aligned page rectangle the generated background will cover.
import { unionOfRects } from '../../src/contract/rect-union';
import type { AreaSpec, Box } from '../../src/protocol/shapes';

/** The geometry computeArea needs from a selection group: its frame (if any) and its layers' boxes. */
export interface AreaGroup {
  frame: { box: Box } | null;
  layerBoxes: Box[];
}

export interface AreaResult {
  box: Box;
  notes: string[];
}

const ASPECT_RATIOS: Record<NonNullable<AreaSpec['aspect']>, number> = {
  '1:1': 1,
  '4:5': 4 / 5,
  '3:2': 3 / 2,
  '16:9': 16 / 9,
  '9:16': 9 / 16,
};

/** The union of the boxes (the group's layers taken together). */
function unionBox(boxes: readonly Box[]): Box {
  const union = unionOfRects(boxes);
  if (!union) throw new RangeError('unionBox needs at least one box');
  return union;
}

/** The smallest box of the given width/height ratio that contains `inner`, centred on it. */
function containingAspectBox(inner: Box, ratio: number): Box {
  let width = inner.width;
  let height = inner.height;
  if (width / height > ratio) height = width / ratio;
  else width = height * ratio;
  return centredBox(inner, width, height);
}

function centredBox(inner: Box, width: number, height: number): Box {
  return {
    x: inner.x + (inner.width - width) / 2,
    y: inner.y + (inner.height - height) / 2,
    width,
    height,
  };
}

/**
 * The area in page coordinates.
 * - frame: the frame ancestor's box (falls back to the layer with 25 % padding, with a note).
 * - layer: the layers' union, grown on every side by `padding` % of its longer side, so the
 *   margin is even around tall and wide subjects alike.
 * - aspect: the smallest box of that aspect centred on the layers and containing them.
 * - custom: a box of exactly width x height canvas units centred on the layers; when the layers
 *   do not fit, it grows (keeping its aspect) until they do, and says so.
 */
export function computeArea(group: AreaGroup, spec: AreaSpec): AreaResult {
  const layers = unionBox(group.layerBoxes);
  const notes: string[] = [];
  switch (spec.kind) {
    case 'frame': {
      if (group.frame) return { box: { ...group.frame.box }, notes };
      notes.push('The layer is not inside a frame: using the layer with 25 % padding instead');
      return { box: padBox(layers, 25), notes };
    }
    case 'layer':
      return { box: padBox(layers, spec.padding ?? 25), notes };
    case 'aspect':
      return { box: containingAspectBox(layers, ASPECT_RATIOS[spec.aspect ?? '1:1']), notes };
    case 'custom': {
      const width = spec.width ?? 0;
      const height = spec.height ?? 0;
      if (!(width > 0) || !(height > 0)) {
        notes.push('Custom area needs a width and a height above 0: using the layer instead');
        return { box: { ...layers }, notes };
      }
      if (width >= layers.width && height >= layers.height) return { box: centredBox(layers, width, height), notes };
      const grow = Math.max(layers.width / width, layers.height / height);
      notes.push(
        `The layers do not fit in ${width} x ${height}: the area grows ${round2(grow)}x to ${round2(width * grow)} x ${round2(height * grow)} to contain them`,
      );
      return { box: centredBox(layers, width * grow, height * grow), notes };
    }
  }
}

function padBox(box: Box, percent: number): Box {
  const margin = (Math.max(box.width, box.height) * percent) / 100;
  return { x: box.x - margin, y: box.y - margin, width: box.width + 2 * margin, height: box.height + 2 * margin };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
