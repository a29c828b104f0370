// Draws the Tidings icon (a feed symbol on a blue rounded square) and writes every file
// electron-builder wants in build/: icon.png (512), icons/<n>x<n>.png (Linux), icon.ico
// (Windows, PNG-compressed entries) and icon.icns (macOS). No image tools needed:
// node build/make-icons.mjs
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const TOP = [74, 144, 226];
const BOTTOM = [28, 78, 150];
const WHITE = [255, 255, 255];

/** Coverage of the icon's shapes at a point of the 512-unit design: [r, g, b, alpha]. */
function shade(x, y) {
  if (!inRoundedSquare(x, y, 32, 480, 100)) return [0, 0, 0, 0];
  const t = (y - 32) / 448;
  const bg = TOP.map((c, i) => Math.round(c + (BOTTOM[i] - c) * t));
  return isFeedMark(x, y) ? [...WHITE, 255] : [...bg, 255];
}

function inRoundedSquare(x, y, min, max, r) {
  const cx = Math.min(Math.max(x, min + r), max - r);
  const cy = Math.min(Math.max(y, min + r), max - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function isFeedMark(x, y) {
  const ox = 144;
  const oy = 368;
  const d = Math.hypot(x - ox, y - oy);
  if (d <= 42) return true;
  if (x < ox - 8 || y > oy + 8) return false;
  return (d >= 122 && d <= 170) || (d >= 218 && d <= 266);
}

function render(size, samples = 4) {
  const pixels = Buffer.alloc(size * size * 4);
  const scale = 512 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [r, g, b, a] = shade((px + (sx + 0.5) / samples) * scale, (py + (sy + 0.5) / samples) * scale);
          sum[0] += r * a; sum[1] += g * a; sum[2] += b * a; sum[3] += a;
        }
      }
      const o = (py * size + px) * 4;
      const alpha = sum[3] / (samples * samples);
      pixels[o] = sum[3] ? Math.round(sum[0] / sum[3]) : 0;
      pixels[o + 1] = sum[3] ? Math.round(sum[1] / sum[3]) : 0;
      pixels[o + 2] = sum[3] ? Math.round(sum[2] / sum[3]) : 0;
      pixels[o + 3] = Math.round(alpha);
    }
  }
  return png(size, pixels);
}

function png(size, rgba) {
  const rows = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes) {
  let c = ~0;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(data.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.data)]);
}

function icns(entries) {
  const parts = entries.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

const sizes = [16, 32, 48, 64, 128, 256, 512, 1024];
const images = new Map(sizes.map((size) => [size, render(size, size <= 64 ? 8 : 4)]));
mkdirSync(join(here, 'icons'), { recursive: true });
writeFileSync(join(here, 'icon.png'), images.get(512));
for (const size of [16, 32, 48, 64, 128, 256, 512]) writeFileSync(join(here, 'icons', `${size}x${size}.png`), images.get(size));
writeFileSync(join(here, 'icon.ico'), ico([16, 32, 48, 64, 256].map((size) => ({ size, data: images.get(size) }))));
writeFileSync(join(here, 'icon.icns'), icns([
  { type: 'icp4', data: images.get(16) }, { type: 'icp5', data: images.get(32) }, { type: 'icp6', data: images.get(64) },
  { type: 'ic07', data: images.get(128) }, { type: 'ic08', data: images.get(256) }, { type: 'ic09', data: images.get(512) },
  { type: 'ic10', data: images.get(1024) },
]));
