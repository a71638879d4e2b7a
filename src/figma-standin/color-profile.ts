// Export colour profiles: exportAsync's colorProfile ('DOCUMENT' | 'SRGB' | 'DISPLAY_P3_V4',
// default 'DOCUMENT' = DocumentNode.documentColorProfile; @figma/plugin-typings ExportSettings).
// The stand-in renders fills in the document's space and converts when the export asks for the
// other one, so a Display P3 document exported without colorProfile: 'SRGB' gives P3 values.

export type DocumentColorProfile = 'LEGACY' | 'SRGB' | 'DISPLAY_P3';
export type ExportColorProfile = 'DOCUMENT' | 'SRGB' | 'DISPLAY_P3_V4';

type Matrix3 = readonly [readonly [number, number, number], readonly [number, number, number], readonly [number, number, number]];

// Linear-light conversions between the Display P3 and sRGB primaries (both D65).
const P3_TO_SRGB: Matrix3 = [
  [1.2249401, -0.2249404, 0],
  [-0.0420569, 1.0420571, 0],
  [-0.0196376, -0.0786361, 1.0982735],
];
const SRGB_TO_P3: Matrix3 = [
  [0.8224621, 0.177538, 0],
  [0.0331941, 0.9668058, 0],
  [0.0170827, 0.0723974, 0.9105199],
];

/** Both spaces share the sRGB transfer curve. */
function toLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}
function fromLinear(c: number): number {
  const v = Math.min(1, Math.max(0, c));
  return v <= 0.0031308 ? v * 12.92 : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
}

export function parseExportColorProfile(value: unknown): ExportColorProfile {
  if (value === undefined) return 'DOCUMENT';
  if (value === 'DOCUMENT' || value === 'SRGB' || value === 'DISPLAY_P3_V4') return value;
  throw new Error(`exportAsync: colorProfile must be DOCUMENT, SRGB or DISPLAY_P3_V4, got ${String(value)}`);
}

function isP3(profile: DocumentColorProfile | ExportColorProfile): boolean {
  return profile === 'DISPLAY_P3' || profile === 'DISPLAY_P3_V4';
}

/** Converts straight RGBA pixels in place from the document's space to the export's. */
export function convertToExportProfile(data: Uint8ClampedArray, document: DocumentColorProfile, requested: ExportColorProfile): void {
  const target = requested === 'DOCUMENT' ? document : requested;
  if (isP3(document) === isP3(target)) return;
  const m = isP3(document) ? P3_TO_SRGB : SRGB_TO_P3;
  const lut = new Float64Array(256);
  for (let i = 0; i < 256; i += 1) lut[i] = toLinear(i / 255);
  for (let i = 0; i < data.length; i += 4) {
    const r = lut[data[i] as number] as number;
    const g = lut[data[i + 1] as number] as number;
    const b = lut[data[i + 2] as number] as number;
    data[i] = Math.round(fromLinear(m[0][0] * r + m[0][1] * g + m[0][2] * b) * 255);
    data[i + 1] = Math.round(fromLinear(m[1][0] * r + m[1][1] * g + m[1][2] * b) * 255);
    data[i + 2] = Math.round(fromLinear(m[2][0] * r + m[2][1] * g + m[2][2] * b) * 255);
  }
}
