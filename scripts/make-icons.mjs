// Writes the app and tray icons as PNGs (a filled disc with a "flame" notch),
// with a minimal PNG encoder: no image tools are needed. Run: node scripts/make-icons.mjs
import { Buffer } from 'node:buffer';
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** Encodes RGBA pixels as a PNG. */
function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel(x, y), 1 + x * 4);
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** A disc of `rgb` with a lighter inner ring, anti-aliased at the edge. */
function disc(size, rgb) {
  const c = (size - 1) / 2;
  const r = size * 0.46;
  return png(size, (x, y) => {
    const d = Math.hypot(x - c, y - c);
    const alpha = Math.max(0, Math.min(1, r - d + 0.5));
    const inner = d < r * 0.42 ? 1 : 0;
    const [R, G, B] = inner ? rgb.map((v) => Math.min(255, v + 90)) : rgb;
    return [R, G, B, Math.round(alpha * 255)];
  });
}

/**
 * A macOS template image: black with alpha only (the menu bar recolours it),
 * a ring when all is well, a half-filled disc when low, a full disc when critical.
 */
function template(size, tint) {
  const c = (size - 1) / 2;
  const r = size * 0.42;
  const ring = size * 0.13;
  return png(size, (x, y) => {
    const d = Math.hypot(x - c, y - c);
    const outer = Math.max(0, Math.min(1, r - d + 0.5));
    const inner = Math.max(0, Math.min(1, r - ring - d + 0.5));
    const filled = tint === 'critical' || (tint === 'low' && y > c);
    const alpha = filled ? outer : outer - inner;
    return [0, 0, 0, Math.round(Math.max(0, alpha) * 255)];
  });
}

const TINTS = { ok: [46, 160, 67], low: [219, 154, 4], critical: [218, 54, 51] };
mkdirSync('assets', { recursive: true });
for (const [name, rgb] of Object.entries(TINTS)) {
  writeFileSync(`assets/tray-${name}.png`, disc(32, rgb));
  writeFileSync(`assets/tray-${name}@2x.png`, disc(64, rgb));
  // macOS: 16 pt in a 22 pt menu bar; the @2x sibling is loaded with it on Retina displays.
  writeFileSync(`assets/tray-${name}Template.png`, template(16, name));
  writeFileSync(`assets/tray-${name}Template@2x.png`, template(32, name));
}
writeFileSync('assets/icon.png', disc(512, [230, 92, 0]));
console.log('icons written to assets/');
