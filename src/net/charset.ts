// Bytes to text, for feeds, discovery and saved pages, in the order browsers and good readers use:
//   1. a byte order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
//   2. the NUL pattern of UTF-16/UTF-32 without a mark (no ASCII-compatible text contains NULs);
//   3. the HTTP Content-Type charset, then the document's own (<?xml encoding>, <meta charset>,
//      <meta http-equiv content>), unless the bytes contradict it (see decodeLabelled);
//   4. UTF-8 when the bytes are UTF-8;
//   5. otherwise a legacy charset: jschardet's confident guess (windows-1250, KOI8-R, Shift_JIS...)
//      or windows-1252 byte by byte inside what is well-formed UTF-8.
// Nothing here yields U+FFFD for legacy bytes: a wrong guess costs a few letters, not the text.

import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { guessLegacyCharset } from './charset-detect.js';
import { bomCharset, decodeUtf8WithWindows1252, decodeWindows1252, scanUtf8, truncatedTail, wideCharset } from './charset-sniff.js';

export type BodyKind = 'xml' | 'html' | 'text';

/** Labels whose WHATWG meaning is windows-1252 (a superset: it has the curly quotes). */
const WINDOWS_1252_ALIASES = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'l1', 'us-ascii', 'ascii', 'iso_8859-1', 'cp819', 'ibm819', 'windows-1252', 'cp1252', 'x-cp1252']);

export function decodeBody(body: Buffer, contentType: string | null, kind: BodyKind): string {
  const bom = bomCharset(body);
  if (bom) return iconv.decode(body.subarray(bom.length), bom.charset, { stripBOM: false });
  const wide = wideCharset(body);
  if (wide) return iconv.decode(body, wide);
  return decodeLabelled(body, usable(headerCharset(contentType)) ?? usable(declaredCharset(body, kind)));
}

/**
 * The label is believed unless the bytes prove it wrong: UTF-8 that is not UTF-8 falls back to
 * detection; a legacy label on bytes that are well-formed UTF-8 with non-ASCII characters is a
 * mislabelled server (such bytes in real legacy text would spell mojibake like "Ã©"), so UTF-8.
 */
function decodeLabelled(body: Buffer, label: string | null): string {
  // A sniffed prefix may cut the last character in two: judge and decode without its start.
  // Only where the text is UTF-8 by label or by its other characters: after ASCII alone and no
  // label, a last high byte is as likely a legacy letter ("caf\xe9") and is left to detection.
  const tail = truncatedTail(body);
  const whole = tail > 0 ? body.subarray(0, body.length - tail) : body;
  if (isUtf8(whole)) {
    const ascii = isAscii(whole);
    if (label !== null && label !== 'utf-8' && ascii) return decodeAs(body, label);
    if (tail === 0 || label === 'utf-8' || !ascii) return whole.toString('utf8');
  }
  if (label !== null && label !== 'utf-8') return decodeAs(body, label);
  return decodeLegacy(body);
}

function decodeAs(body: Buffer, charset: string): string {
  return charset === 'windows-1252' ? decodeWindows1252(body) : iconv.decode(body, charset);
}

/** Bytes that are not UTF-8 and have no label to trust. */
function decodeLegacy(body: Buffer): string {
  const scan = scanUtf8(body);
  const guess = guessLegacyCharset(body);
  // A real non-Latin charset wins when its bytes are the bulk; a few well-formed UTF-8 characters
  // among them are accidents. Otherwise the document is UTF-8 with pasted windows-1252 bytes, or
  // windows-1252 itself, and decoding stray bytes as windows-1252 serves both.
  if (guess && !WINDOWS_1252_ALIASES.has(guess) && iconv.encodingExists(guess) && scan.multibyte <= scan.invalid) {
    return iconv.decode(body, guess);
  }
  return scan.multibyte === 0 ? decodeWindows1252(body) : decodeUtf8WithWindows1252(body);
}

export function headerCharset(contentType: string | null): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return match?.[2] ?? null;
}

function declaredCharset(body: Buffer, kind: BodyKind): string | null {
  if (kind === 'text') return null;
  const head = body.subarray(0, kind === 'xml' ? 1024 : 4096).toString('latin1');
  const xml = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml) return xml[1] ?? null;
  if (kind !== 'html') return null;
  // Both <meta charset=X> and <meta http-equiv content="text/html; charset=X">, attributes in any order.
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)/i.exec(head);
  return meta?.[1] ?? null;
}

/** The label iconv-lite should use, or null when it is unknown or cannot be right for these bytes. */
function usable(label: string | null): string | null {
  if (!label) return null;
  const name = label.trim().toLowerCase();
  if (WINDOWS_1252_ALIASES.has(name)) return 'windows-1252';
  if (name === 'utf8' || name === 'utf-8' || name === 'unicode-1-1-utf-8') return 'utf-8';
  // A UTF-16/32 label on bytes with neither a mark nor NULs (both looked for already) is wrong:
  // the bytes are ASCII-compatible, as browsers conclude.
  if (/^(utf-?(16|32)|ucs-?(2|4)|unicode)/.test(name)) return null;
  return iconv.encodingExists(name) ? name : null;
}
