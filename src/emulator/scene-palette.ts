// Turns prompt words into the palette and texture of a rendered backdrop: scene words (studio,
// marble, beach, neon, ...) pick the base look, colour words tint it, negative prompts remove both.

export type Rgb = readonly [number, number, number];
type SceneTexture = 'none' | 'marble' | 'wood' | 'sand' | 'foliage' | 'neon' | 'concrete' | 'clouds';

export interface ScenePalette {
  /** Scene words that shaped this palette, in the order applied (for metadata and tests). */
  words: string[];
  wallTop: Rgb;
  wallBottom: Rgb;
  floorFar: Rgb;
  floorNear: Rgb;
  glow: Rgb;
  glowStrength: number;
  /** Horizon height as a share of the image height. */
  horizon: number;
  /** Width of the wall-to-floor blend as a share of the height (large = seamless studio sweep). */
  horizonSoftness: number;
  texture: SceneTexture;
  textureStrength: number;
  vignette: number;
}

type SceneLook = Omit<ScenePalette, 'words'>;

const hex = (value: string): Rgb => {
  const n = Number.parseInt(value.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};

const look = (
  colours: [string, string, string, string, string],
  rest: Partial<Omit<SceneLook, 'wallTop' | 'wallBottom' | 'floorFar' | 'floorNear' | 'glow'>>,
): SceneLook => ({
  wallTop: hex(colours[0]),
  wallBottom: hex(colours[1]),
  floorFar: hex(colours[2]),
  floorNear: hex(colours[3]),
  glow: hex(colours[4]),
  glowStrength: 0.18,
  horizon: 0.62,
  horizonSoftness: 0.02,
  texture: 'none',
  textureStrength: 0.5,
  vignette: 0.28,
  ...rest,
});

/** The neutral look used when no scene word survives the negative prompts. */
const DEFAULT_LOOK = look(['#dcd9d4', '#eeebe6', '#e4e0da', '#c9c4bc', '#ffffff'], { horizonSoftness: 0.18, horizon: 0.66 });

const SCENES: Record<string, SceneLook> = {
  studio: look(['#d8d6d2', '#efedea', '#e9e7e3', '#c8c5c0', '#ffffff'], { horizonSoftness: 0.22, horizon: 0.64, glowStrength: 0.22 }),
  marble: look(['#ece8e2', '#f6f3ee', '#efebe5', '#d8d2c9', '#fffaf0'], { texture: 'marble', textureStrength: 0.7 }),
  beach: look(['#5fa8d3', '#cde8f2', '#ecd9ae', '#d6b47a', '#fff6d8'], { texture: 'sand', horizon: 0.5, horizonSoftness: 0.008 }),
  sky: look(['#3d7fc9', '#b9dbf4', '#dbe9f5', '#aecbe6', '#ffffff'], { texture: 'clouds', horizon: 0.78, glowStrength: 0.3 }),
  forest: look(['#26402a', '#5d7f4c', '#4f4330', '#352c1f', '#e6f5b0'], { texture: 'foliage', textureStrength: 0.8, glowStrength: 0.22 }),
  neon: look(['#12052a', '#3a0d5c', '#1a0833', '#07020f', '#ff2bd6'], { texture: 'neon', glowStrength: 0.55, vignette: 0.45, horizon: 0.66 }),
  kitchen: look(['#eadfcd', '#f4ede2', '#b98f5f', '#8a6440', '#fff1d6'], { texture: 'wood', horizon: 0.6, horizonSoftness: 0.006 }),
  pastel: look(['#f6cfe0', '#dff2ea', '#f3e2ec', '#e0cde0', '#ffffff'], { horizonSoftness: 0.15, vignette: 0.12 }),
  luxury: look(['#17140f', '#2f2a22', '#2b241b', '#120f0b', '#e2b84a'], { texture: 'marble', textureStrength: 0.45, glowStrength: 0.4, vignette: 0.5 }),
  sunset: look(['#4b2c6e', '#f59a56', '#c8754a', '#6e3326', '#ffcf7a'], { glowStrength: 0.45, horizon: 0.58, horizonSoftness: 0.01 }),
  wood: look(['#e7dac6', '#f1e7d8', '#a87b4f', '#6f4c2e', '#fff0d2'], { texture: 'wood', textureStrength: 0.8, horizonSoftness: 0.006 }),
  concrete: look(['#8f8f8c', '#b3b2ae', '#999894', '#6c6b68', '#f4f4f0'], { texture: 'concrete', textureStrength: 0.8, horizonSoftness: 0.01 }),
};

/** Other words that mean one of the scenes above. */
const SCENE_SYNONYMS: Record<string, string> = {
  photostudio: 'studio', seamless: 'studio', backdrop: 'studio',
  stone: 'marble', granite: 'marble',
  seaside: 'beach', ocean: 'beach', sea: 'beach', sand: 'beach', sandy: 'beach', tropical: 'beach',
  clouds: 'sky', cloud: 'sky', cloudy: 'sky', heaven: 'sky',
  jungle: 'forest', trees: 'forest', tree: 'forest', moss: 'forest', nature: 'forest', leaves: 'forest',
  cyberpunk: 'neon', synthwave: 'neon', disco: 'neon', club: 'neon',
  countertop: 'kitchen', cafe: 'kitchen',
  soft: 'pastel', candy: 'pastel',
  premium: 'luxury', elegant: 'luxury', velvet: 'luxury',
  dusk: 'sunset', sunrise: 'sunset', dawn: 'sunset',
  wooden: 'wood', oak: 'wood', timber: 'wood', table: 'wood',
  cement: 'concrete', industrial: 'concrete', loft: 'concrete', urban: 'concrete',
};

const COLOURS: Record<string, Rgb> = {
  red: hex('#c8102e'), crimson: hex('#a4102a'), orange: hex('#f28c28'), yellow: hex('#f4d03f'),
  gold: hex('#d4af37'), golden: hex('#d4af37'), green: hex('#2e8b57'), teal: hex('#1f8a8a'),
  blue: hex('#1f5fbf'), navy: hex('#1b2a4a'), purple: hex('#6a2c91'), violet: hex('#7f4fc9'),
  pink: hex('#f07aa8'), brown: hex('#6f4a2f'), beige: hex('#e3d5b8'), cream: hex('#f3ead3'),
  black: hex('#101010'), white: hex('#fafafa'), grey: hex('#8a8a8a'), gray: hex('#8a8a8a'),
  silver: hex('#c0c4c8'), mint: hex('#9fe0c4'),
};

function wordsOf(prompts: readonly string[]): string[] {
  return prompts.flatMap((prompt) => prompt.toLowerCase().split(/[^a-z]+/)).filter(Boolean);
}

function canonicalScene(word: string): string | undefined {
  if (word in SCENES) return word;
  return SCENE_SYNONYMS[word];
}

export const mixRgb = (a: Rgb, b: Rgb, t: number): Rgb => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
];

/**
 * Picks the palette for a set of prompts. The first scene word is the base look; a second one
 * blends in at 30 %. Colour words tint wall and floor. A word (or its scene) named in the
 * negative prompts is ignored, and a negative colour word pulls that colour out of the result.
 */
export function pickScenePalette(positivePrompts: readonly string[], negativePrompts: readonly string[]): ScenePalette {
  const negativeWords = new Set(wordsOf(negativePrompts));
  const negativeScenes = new Set([...negativeWords].map(canonicalScene).filter((s): s is string => s !== undefined));
  const scenes: string[] = [];
  const colours: string[] = [];
  for (const word of wordsOf(positivePrompts)) {
    if (negativeWords.has(word)) continue;
    const scene = canonicalScene(word);
    if (scene !== undefined) {
      if (!negativeScenes.has(scene) && !scenes.includes(scene)) scenes.push(scene);
    } else if (word in COLOURS && !colours.includes(word)) {
      colours.push(word);
    }
  }

  const base = scenes[0] !== undefined ? (SCENES[scenes[0]] as SceneLook) : DEFAULT_LOOK;
  let result: SceneLook = { ...base };
  const second = scenes[1] !== undefined ? SCENES[scenes[1]] : undefined;
  if (second) {
    result = {
      ...result,
      wallTop: mixRgb(result.wallTop, second.wallTop, 0.3),
      wallBottom: mixRgb(result.wallBottom, second.wallBottom, 0.3),
      floorFar: mixRgb(result.floorFar, second.floorFar, 0.3),
      floorNear: mixRgb(result.floorNear, second.floorNear, 0.3),
      texture: result.texture === 'none' ? second.texture : result.texture,
    };
  }

  const tint = (rgb: Rgb, colour: Rgb, amount: number): Rgb => mixRgb(rgb, colour, amount);
  const colourAmount = colours.length > 1 ? 0.35 : 0.45;
  for (const name of colours) {
    const colour = COLOURS[name] as Rgb;
    result.wallTop = tint(result.wallTop, colour, colourAmount);
    result.wallBottom = tint(result.wallBottom, colour, colourAmount * 0.8);
    result.floorFar = tint(result.floorFar, colour, colourAmount * 0.7);
    result.floorNear = tint(result.floorNear, colour, colourAmount * 0.7);
    result.glow = tint(result.glow, colour, 0.3);
  }
  // A colour named in the negative prompts is pushed away from: move each surface a little
  // towards the colour's complement so that, e.g., "no blue" visibly drains blue.
  for (const word of negativeWords) {
    const colour = COLOURS[word];
    if (!colour) continue;
    const complement: Rgb = [255 - colour[0], 255 - colour[1], 255 - colour[2]];
    result.wallTop = tint(result.wallTop, complement, 0.12);
    result.wallBottom = tint(result.wallBottom, complement, 0.12);
    result.floorFar = tint(result.floorFar, complement, 0.08);
    result.floorNear = tint(result.floorNear, complement, 0.08);
  }
  return { words: [...scenes, ...colours], ...result };
}
