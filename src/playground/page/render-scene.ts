// Draws the stand-in's current page onto a 2D canvas the way Figma shows it: z-order, solid and
// image fills, frame clipping, opacity, rotation; hidden nodes are not drawn.
import { unionOfRects } from '../../contract/rect-union.js';

export interface ViewTransform {
  /** Screen pixels (CSS) per canvas unit. */
  scale: number;
  offsetX: number;
  offsetY: number;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Fits `bounds` (page coordinates) into a viewport of `width` x `height` CSS pixels with a margin. */
export function fitViewTransform(bounds: Bounds, width: number, height: number, margin = 32): ViewTransform {
  const usableWidth = Math.max(1, width - margin * 2);
  const usableHeight = Math.max(1, height - margin * 2);
  const scale = Math.min(usableWidth / Math.max(1, bounds.width), usableHeight / Math.max(1, bounds.height));
  return {
    scale,
    offsetX: margin + (usableWidth - bounds.width * scale) / 2 - bounds.x * scale,
    offsetY: margin + (usableHeight - bounds.height * scale) / 2 - bounds.y * scale,
  };
}

/** Union of the absolute boxes of the page's top-level nodes (visible or not, so the view stays put). */
export function pageContentBounds(page: PageNode): Bounds {
  const boxes = page.children.map((node) => node.absoluteBoundingBox).filter((box): box is Rect => box !== null);
  return unionOfRects(boxes) ?? { x: 0, y: 0, width: 1000, height: 1000 };
}

/** Decoded image fills by hash; loads on first use and calls `onLoaded` so the canvas redraws. */
export class ImageBitmapCache {
  private readonly bitmaps = new Map<string, ImageBitmap>();
  private readonly loading = new Set<string>();
  private readonly failed = new Set<string>();

  constructor(
    private readonly figmaApi: PluginAPI,
    private readonly onLoaded: () => void,
  ) {}

  get(hash: string): ImageBitmap | undefined {
    const bitmap = this.bitmaps.get(hash);
    if (bitmap || this.loading.has(hash) || this.failed.has(hash)) return bitmap;
    this.loading.add(hash);
    void this.loadAsync(hash);
    return undefined;
  }

  get pendingCount(): number {
    return this.loading.size;
  }

  private async loadAsync(hash: string): Promise<void> {
    try {
      const image = this.figmaApi.getImageByHash(hash);
      if (!image) throw new Error(`no image with hash ${hash}`);
      const bytes = await image.getBytesAsync();
      const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
      this.bitmaps.set(hash, bitmap);
    } catch (error) {
      this.failed.add(hash);
      console.warn('playground: could not decode image fill', hash, error);
    } finally {
      this.loading.delete(hash);
      this.onLoaded();
    }
  }
}

type Ctx = CanvasRenderingContext2D;

const cssColor = (color: RGB, opacity: number): string =>
  `rgba(${Math.round(color.r * 255)}, ${Math.round(color.g * 255)}, ${Math.round(color.b * 255)}, ${opacity})`;

function traceShape(ctx: Ctx, node: SceneNode): void {
  ctx.beginPath();
  if (node.type === 'ELLIPSE') {
    ctx.ellipse(node.width / 2, node.height / 2, node.width / 2, node.height / 2, 0, 0, Math.PI * 2);
    return;
  }
  const radius = 'cornerRadius' in node && typeof node.cornerRadius === 'number' ? node.cornerRadius : 0;
  if (radius > 0) ctx.roundRect(0, 0, node.width, node.height, Math.min(radius, node.width / 2, node.height / 2));
  else ctx.rect(0, 0, node.width, node.height);
}

function drawImagePaint(ctx: Ctx, node: SceneNode, paint: ImagePaint, bitmap: ImageBitmap): void {
  const w = node.width;
  const h = node.height;
  let dx = 0;
  let dy = 0;
  let dw = w;
  let dh = h;
  if (paint.scaleMode === 'FILL' || paint.scaleMode === 'FIT') {
    const scale =
      paint.scaleMode === 'FILL'
        ? Math.max(w / bitmap.width, h / bitmap.height)
        : Math.min(w / bitmap.width, h / bitmap.height);
    dw = bitmap.width * scale;
    dh = bitmap.height * scale;
    dx = (w - dw) / 2;
    dy = (h - dh) / 2;
  }
  ctx.save();
  traceShape(ctx, node);
  ctx.clip();
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, dx, dy, dw, dh);
  ctx.restore();
}

function drawFills(ctx: Ctx, node: SceneNode, images: ImageBitmapCache): void {
  if (!('fills' in node)) return;
  const fills = node.fills;
  if (!Array.isArray(fills)) return;
  for (const paint of fills as readonly Paint[]) {
    if (paint.visible === false) continue;
    const opacity = paint.opacity ?? 1;
    if (paint.type === 'SOLID') {
      traceShape(ctx, node);
      ctx.fillStyle = cssColor(paint.color, opacity);
      ctx.fill();
    } else if (paint.type === 'IMAGE' && paint.imageHash) {
      const bitmap = images.get(paint.imageHash);
      if (!bitmap) continue;
      ctx.save();
      ctx.globalAlpha *= opacity;
      drawImagePaint(ctx, node, paint, bitmap);
      ctx.restore();
    }
  }
  if (node.type === 'TEXT' && typeof node.fontSize === 'number') {
    const solid = (fills as readonly Paint[]).find((paint): paint is SolidPaint => paint.type === 'SOLID');
    ctx.fillStyle = solid ? cssColor(solid.color, solid.opacity ?? 1) : '#000';
    ctx.font = `${node.fontSize}px Inter, system-ui, sans-serif`;
    ctx.textBaseline = 'top';
    ctx.fillText(node.characters, 0, 0);
  }
}

function drawNode(ctx: Ctx, node: SceneNode, view: ViewTransform, dpr: number, images: ImageBitmapCache): void {
  if (!node.visible) return;
  const [[a, c, e], [b, d, f]] = node.absoluteTransform;
  const s = view.scale * dpr;
  ctx.save();
  if ('opacity' in node) ctx.globalAlpha *= node.opacity;
  ctx.setTransform(a * s, b * s, c * s, d * s, e * s + view.offsetX * dpr, f * s + view.offsetY * dpr);
  if (node.type !== 'GROUP') drawFills(ctx, node, images);
  if ('children' in node) {
    if ('clipsContent' in node && node.clipsContent) {
      traceShape(ctx, node);
      ctx.clip();
    }
    for (const child of node.children) drawNode(ctx, child, view, dpr, images);
  }
  ctx.restore();
}

/** Redraws the whole page and outlines the selection. */
export function renderPage(
  canvas: HTMLCanvasElement,
  page: PageNode,
  view: ViewTransform,
  images: ImageBitmapCache,
  selection: readonly SceneNode[],
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const dpr = canvas.width / Math.max(1, canvas.clientWidth);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#e5e5e5';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (const node of page.children) drawNode(ctx, node, view, dpr, images);
  // Top-level frame names, as Figma shows them above each frame.
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.font = '11px Inter, system-ui, sans-serif';
  ctx.textBaseline = 'bottom';
  ctx.fillStyle = '#757575';
  for (const node of page.children) {
    const box = node.absoluteBoundingBox;
    if (!box || !node.visible || node.type !== 'FRAME') continue;
    ctx.fillText(node.name, box.x * view.scale + view.offsetX, box.y * view.scale + view.offsetY - 4);
  }
  ctx.strokeStyle = '#0d99ff';
  ctx.lineWidth = 2;
  for (const node of selection) {
    const box = node.absoluteBoundingBox;
    if (!box) continue;
    ctx.strokeRect(box.x * view.scale + view.offsetX, box.y * view.scale + view.offsetY, box.width * view.scale, box.height * view.scale);
  }
}
