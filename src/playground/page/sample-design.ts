// The design the playground opens with, built through the figma API like a designer's file: a
// square social post with two transparent cut-outs (a bottle and a sneaker) under a headline
// bar, a banner with another sneaker beside an opaque price tag, and a product photo (the bottle
// on a white studio background, opaque) to try Remove background on.

const rgb = (hex: string): RGB => ({
  r: parseInt(hex.slice(1, 3), 16) / 255,
  g: parseInt(hex.slice(3, 5), 16) / 255,
  b: parseInt(hex.slice(5, 7), 16) / 255,
});

const solid = (hex: string): SolidPaint => ({ type: 'SOLID', color: rgb(hex) });

export interface SampleImages {
  bottle: Uint8Array;
  sneaker: Uint8Array;
  /** The opaque product photo; the design leaves its frame out without it. */
  photo?: Uint8Array;
}

export interface ImageLayerSpec {
  name: string;
  png: Uint8Array;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A rectangle with an IMAGE fill, the way Figma imports a dropped PNG. */
export function addImageLayer(figmaApi: PluginAPI, parent: ChildrenMixin & BaseNode, spec: ImageLayerSpec): RectangleNode {
  const image = figmaApi.createImage(spec.png);
  const rect = figmaApi.createRectangle();
  rect.name = spec.name;
  parent.appendChild(rect);
  rect.resize(spec.width, spec.height);
  rect.x = spec.x;
  rect.y = spec.y;
  rect.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }];
  return rect;
}

function addFrame(figmaApi: PluginAPI, name: string, box: { x: number; y: number; width: number; height: number }, fill: string): FrameNode {
  const frame = figmaApi.createFrame();
  frame.name = name;
  figmaApi.currentPage.appendChild(frame);
  frame.resize(box.width, box.height);
  frame.x = box.x;
  frame.y = box.y;
  frame.fills = [solid(fill)];
  frame.clipsContent = true;
  return frame;
}

function addSolidRectangle(figmaApi: PluginAPI, parent: FrameNode, name: string, box: { x: number; y: number; width: number; height: number }, fill: string, radius = 0): RectangleNode {
  const rect = figmaApi.createRectangle();
  rect.name = name;
  parent.appendChild(rect);
  rect.resize(box.width, box.height);
  rect.x = box.x;
  rect.y = box.y;
  rect.fills = [solid(fill)];
  if (radius > 0) rect.cornerRadius = radius;
  return rect;
}

export function buildSampleDesign(figmaApi: PluginAPI, images: SampleImages): void {
  const post = addFrame(figmaApi, 'Social post', { x: 0, y: 0, width: 1080, height: 1080 }, '#efe9df');
  addImageLayer(figmaApi, post, { name: 'Bottle', png: images.bottle, x: 180, y: 300, width: 256, height: 608 });
  addImageLayer(figmaApi, post, { name: 'Sneaker', png: images.sneaker, x: 500, y: 620, width: 512, height: 272 });
  addSolidRectangle(figmaApi, post, 'Headline', { x: 160, y: 120, width: 760, height: 96 }, '#1e1e1e', 8);

  const banner = addFrame(figmaApi, 'Banner', { x: 0, y: 1160, width: 1200, height: 628 }, '#dfe8ef');
  addImageLayer(figmaApi, banner, { name: 'Sneaker', png: images.sneaker, x: 460, y: 180, width: 640, height: 340 });
  addSolidRectangle(figmaApi, banner, 'Price tag', { x: 80, y: 80, width: 240, height: 120 }, '#f2c94c');

  if (images.photo) {
    const shoot = addFrame(figmaApi, 'Product photo', { x: 1300, y: 0, width: 1080, height: 1080 }, '#f4f1ec');
    addImageLayer(figmaApi, shoot, { name: 'Bottle', png: images.photo, x: 300, y: 140, width: 480, height: 880 });
  }
}
