// What an image file really is, from its first bytes (never from its name or the server's
// Content-Type). Only raster types a browser shows in <img> are kept. SVG is refused: it can
// carry scripts and remote references, and a remote SVG stays remote.

export type ImageExt = 'png' | 'jpg' | 'gif' | 'webp' | 'avif' | 'bmp' | 'ico';

export function sniffImage(bytes: Uint8Array): ImageExt | null {
  const at = (offset: number, ...values: number[]) => values.every((v, i) => bytes[offset + i] === v);
  const ascii = (offset: number, text: string) => at(offset, ...Array.from(text, (c) => c.charCodeAt(0)));
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpg';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp';
  if (ascii(4, 'ftyp') && (ascii(8, 'avif') || ascii(8, 'avis'))) return 'avif';
  if (ascii(0, 'BM') && bytes.length > 26) return 'bmp';
  if (at(0, 0x00, 0x00, 0x01, 0x00) && bytes.length > 22) return 'ico';
  return null;
}

/** True when the bytes look like an SVG document (refused, see above). */
export function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg')) || head.includes('<!doctype svg');
}
