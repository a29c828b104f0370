// Bytes of an export to text. Exports are UTF-8 today, but older Pocket and Instapaper files
// saved on Windows are windows-1252: a file that is not valid UTF-8 is read as that instead of
// filling titles with U+FFFD.

import iconv from 'iconv-lite';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The file as text: UTF-8 without its BOM, UTF-16 by its BOM, or windows-1252 when the bytes are not UTF-8. */
export function decodeText(bytes: Uint8Array): string {
  // Windows tools save "Unicode" text as UTF-16 with a BOM; nothing else starts with these bytes.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'windows-1252');
  }
}

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return UTF8_BOM.every((byte, i) => bytes[i] === byte);
}

/** One line of text: runs of whitespace (newlines of a multi-line title) become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
