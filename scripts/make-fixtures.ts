// Renders the playground's sample cut-outs (transparent PNGs) from SVG with sharp, and a product
// photo (the bottle on a white studio background, opaque) to try Remove background on. The PNGs
// are committed under src/playground/fixtures/; rerun with `npx tsx scripts/make-fixtures.ts`.
import sharp from 'sharp';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/playground/fixtures');

/** A green glass bottle with a cream label, standing upright; transparent around it. */
const bottleSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="760" viewBox="0 0 320 760">
  <defs>
    <linearGradient id="glass" x1="0" x2="1" y1="0" y2="0">
      <stop offset="0" stop-color="#0f4d2c"/>
      <stop offset="0.35" stop-color="#2f9a5e"/>
      <stop offset="0.55" stop-color="#5cc388"/>
      <stop offset="1" stop-color="#0c3f24"/>
    </linearGradient>
  </defs>
  <rect x="132" y="10" width="56" height="40" rx="6" fill="#b8862f"/>
  <path d="M138 50 H182 V190 C182 240 280 260 280 340 V700 C280 730 260 750 230 750 H90 C60 750 40 730 40 700 V340 C40 260 138 240 138 190 Z" fill="url(#glass)"/>
  <rect x="40" y="400" width="240" height="200" fill="#f3ead7"/>
  <rect x="40" y="430" width="240" height="12" fill="#b8862f"/>
  <rect x="40" y="558" width="240" height="12" fill="#b8862f"/>
  <text x="160" y="520" font-family="DejaVu Serif, serif" font-size="46" font-weight="bold" text-anchor="middle" fill="#1d3b2a">OLIVA</text>
  <path d="M96 300 C90 380 90 600 96 690" stroke="#ffffff" stroke-opacity="0.35" stroke-width="14" fill="none" stroke-linecap="round"/>
</svg>`;

/** A side view of a red sneaker with a white sole; transparent around it. */
const sneakerSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="340" viewBox="0 0 640 340">
  <path d="M40 250 C40 200 60 150 110 120 L200 70 C230 50 270 60 290 90 L330 140 C360 170 420 180 500 190 C570 200 610 230 610 265 L610 280 H40 Z" fill="#d7263d"/>
  <path d="M200 70 L290 90 L330 140 L250 150 Z" fill="#a61b2e"/>
  <path d="M120 180 C220 170 330 200 420 230" stroke="#ffffff" stroke-width="18" fill="none" stroke-linecap="round"/>
  <g stroke="#f6f1e8" stroke-width="6" stroke-linecap="round">
    <line x1="215" y1="95" x2="250" y2="80"/><line x1="235" y1="115" x2="270" y2="100"/><line x1="255" y1="135" x2="290" y2="120"/>
  </g>
  <rect x="30" y="270" width="590" height="44" rx="22" fill="#f6f1e8"/>
  <rect x="30" y="300" width="590" height="14" rx="7" fill="#c9c1b3"/>
</svg>`;

const fixtures: { name: string; svg: string }[] = [
  { name: 'bottle.png', svg: bottleSvg },
  { name: 'sneaker.png', svg: sneakerSvg },
];

await mkdir(fixturesDir, { recursive: true });
for (const fixture of fixtures) {
  const png = await sharp(Buffer.from(fixture.svg)).png({ compressionLevel: 9 }).toBuffer();
  await writeFile(path.join(fixturesDir, fixture.name), png);
  const meta = await sharp(png).metadata();
  console.log(`${fixture.name}: ${meta.width}x${meta.height}, ${png.length} bytes, alpha ${meta.hasAlpha}`);
}

// The photo: the bottle on white with a soft floor shadow, every pixel opaque, like a studio shot.
const photoSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="880" viewBox="0 0 480 880">
  <rect width="480" height="880" fill="#ffffff"/>
  <ellipse cx="240" cy="830" rx="150" ry="18" fill="#e9e9e9"/>
</svg>`;
const bottle = await sharp(Buffer.from(bottleSvg)).png().toBuffer();
const photo = await sharp(Buffer.from(photoSvg))
  .composite([{ input: bottle, left: 80, top: 80 }])
  .flatten({ background: '#ffffff' })
  .removeAlpha()
  .png({ compressionLevel: 9 })
  .toBuffer();
await writeFile(path.join(fixturesDir, 'bottle-photo.png'), photo);
const photoMeta = await sharp(photo).metadata();
console.log(`bottle-photo.png: ${photoMeta.width}x${photoMeta.height}, ${photo.length} bytes, alpha ${photoMeta.hasAlpha}`);
