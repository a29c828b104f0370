// A guess at the legacy charset of bytes that are not UTF-8 and carry no usable label, with
// jschardet (a port of Python's chardet). Only its confident answers among the charsets the
// web actually used count; anything else is left to the windows-1252 fallback in charset.ts.

import { chardet } from 'jschardet';

/** The legacy web charsets worth guessing (jschardet's names); the DOS and Mac ones only mislead. */
const CANDIDATES = [
  'cp1250', 'cp1251', 'cp1252', 'cp1253', 'cp1254', 'cp1255', 'cp1256', 'cp1257', 'cp1258', 'cp874',
  'iso8859-1', 'iso8859-2', 'iso8859-5', 'iso8859-7', 'iso8859-9', 'iso8859-13', 'iso8859-15', 'iso8859-16',
  'koi8-r', 'koi8-u', 'cp932', 'euc_jis_2004', 'shift_jis_2004', 'cp949', 'euc_kr', 'gb18030', 'big5hkscs', 'tis-620',
];

/** Below this the guess is noise (measured: short Polish text scores under 0.05, a few items over 0.2). */
const MIN_CONFIDENCE = 0.15;

/** Detection looks at the first this many bytes of text: enough for a verdict, bounded in time. */
const MAX_TEXT_BYTES = 64 * 1024;

/** The name (jschardet's compatible names: "Windows-1250", "KOI8-R", "CP932") of the charset the bytes are most likely in, or null when unsure. */
export function guessLegacyCharset(body: Uint8Array): string | null {
  const text = textBytes(body);
  if (text.length === 0) return null;
  // chardet is jschardet's current API (the default export keeps the old one, without includeEncodings).
  const result = chardet.detect(text, { includeEncodings: CANDIDATES });
  if (!result.encoding || result.confidence < MIN_CONFIDENCE) return null;
  return result.encoding.toLowerCase();
}

/** The bytes outside markup (tags, comments): the text the guess is about, not the ASCII around it. */
function textBytes(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.min(body.length, MAX_TEXT_BYTES));
  let length = 0;
  let inTag = false;
  for (let i = 0; i < body.length && length < out.length; i++) {
    const byte = body[i]!;
    if (byte === 0x3c) inTag = true;
    else if (byte === 0x3e && inTag) {
      inTag = false;
      out[length++] = 0x20;
    } else if (!inTag) out[length++] = byte;
  }
  return out.subarray(0, length);
}
