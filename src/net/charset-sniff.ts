// What the bytes themselves say about their encoding, before and after any label is read:
// a byte order mark, the NUL pattern of UTF-16/UTF-32 without one, and whether they are UTF-8.
// All scans are single passes over the bytes (bodies can be megabytes).

export function bomCharset(body: Uint8Array): { charset: string; length: number } | null {
  const [a, b, c, d] = body;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { charset: 'utf-8', length: 3 };
  // UTF-32 LE before UTF-16 LE: its mark begins with the UTF-16 LE one.
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { charset: 'utf-32le', length: 4 };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { charset: 'utf-32be', length: 4 };
  if (a === 0xff && b === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { charset: 'utf-16be', length: 2 };
  return null;
}

/** Where the one non-NUL byte of an ASCII character sits in each code unit, per encoding. */
const WIDE_LAYOUTS: ReadonlyArray<{ charset: string; unit: number; at: number }> = [
  { charset: 'utf-32le', unit: 4, at: 0 },
  { charset: 'utf-32be', unit: 4, at: 3 },
  { charset: 'utf-16le', unit: 2, at: 0 },
  { charset: 'utf-16be', unit: 2, at: 1 },
];

/**
 * UTF-16 or UTF-32 without a byte order mark (XML 1.0 appendix F): a feed or page starts with
 * ASCII ("<", "{", whitespace), so its first code units are one ASCII byte among NULs. No text
 * in an ASCII-compatible charset has NUL bytes, so this pattern is proof, whatever the labels say.
 */
export function wideCharset(body: Uint8Array): string | null {
  for (const layout of WIDE_LAYOUTS) {
    if (body.length >= layout.unit * 2 && startsWithAsciiUnits(body, layout, 2)) return layout.charset;
  }
  return null;
}

function startsWithAsciiUnits(body: Uint8Array, layout: { unit: number; at: number }, units: number): boolean {
  for (let u = 0; u < units; u++) {
    for (let k = 0; k < layout.unit; k++) {
      const byte = body[u * layout.unit + k]!;
      const ascii = byte >= 0x09 && byte <= 0x7e;
      if (k === layout.at ? !ascii : byte !== 0) return false;
    }
  }
  return true;
}

/** How many bytes at the end start a UTF-8 character that the body cuts off (a sniffed prefix). */
export function truncatedTail(body: Uint8Array): number {
  const end = body.length;
  for (let back = 1; back <= 3 && back <= end; back++) {
    const byte = body[end - back]!;
    if (byte < 0x80) return 0;
    if (byte >= 0xc0) return sequenceLength(byte) > back ? back : 0;
  }
  return 0;
}

export interface Utf8Scan {
  /** Well-formed characters of two to four bytes. */
  multibyte: number;
  /** Bytes that start no well-formed character. */
  invalid: number;
}

/** Counts well-formed multibyte UTF-8 characters and stray bytes. */
export function scanUtf8(body: Uint8Array): Utf8Scan {
  const scan = { multibyte: 0, invalid: 0 };
  for (let i = 0; i < body.length; ) {
    if (body[i]! < 0x80) {
      i++;
      continue;
    }
    const length = wellFormedAt(body, i);
    if (length === 0) {
      scan.invalid++;
      i++;
    } else {
      scan.multibyte++;
      i += length;
    }
  }
  return scan;
}

/**
 * UTF-8 where the bytes are well-formed UTF-8, windows-1252 for each byte that is not: what
 * the writer meant when a UTF-8 feed pastes in text from a windows-1252 source ("don\x92t").
 */
export function decodeUtf8WithWindows1252(body: Uint8Array): string {
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const parts: string[] = [];
  // Alternating runs: [start, strayStart) is UTF-8, [strayStart, i) stray bytes, decoded a run at a time.
  let start = 0;
  let strayStart = -1;
  for (let i = 0; i < buffer.length; ) {
    const length = buffer[i]! < 0x80 ? 1 : wellFormedAt(buffer, i);
    if (length === 0) {
      if (strayStart < 0) {
        if (start < i) parts.push(buffer.toString('utf8', start, i));
        strayStart = i;
      }
      i++;
      continue;
    }
    if (strayStart >= 0) {
      parts.push(windows1252(buffer, strayStart, i));
      strayStart = -1;
      start = i;
    }
    i += length;
  }
  if (strayStart >= 0) parts.push(windows1252(buffer, strayStart, buffer.length));
  else if (start < buffer.length) parts.push(buffer.toString('utf8', start));
  return parts.join('');
}

function windows1252(buffer: Buffer, start: number, end: number): string {
  return decodeWindows1252(buffer.subarray(start, end));
}

/** windows-1252 as WHATWG defines it. Not iconv-lite (U+FFFD for 0x81, 0x8D...) nor Node's TextDecoder (Latin-1). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) units[i] = WINDOWS_1252_UNITS[bytes[i]!]!;
  return Buffer.from(units.buffer, units.byteOffset, units.byteLength).toString('utf16le');
}

/** windows-1252 0x80-0x9F; its five undefined bytes map to the C1 control of the same value. */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

const WINDOWS_1252_UNITS = Uint16Array.from({ length: 256 }, (_, byte) => (byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH.charCodeAt(byte - 0x80) : byte));

function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Length of the well-formed character at i (Unicode table 3-7: no overlongs, no surrogates), or 0. */
function wellFormedAt(body: Uint8Array, i: number): number {
  const lead = body[i]!;
  const length = sequenceLength(lead);
  if (length === 0 || i + length > body.length) return 0;
  const second = body[i + 1]!;
  let low = 0x80;
  let high = 0xbf;
  if (lead === 0xe0) low = 0xa0;
  else if (lead === 0xed) high = 0x9f;
  else if (lead === 0xf0) low = 0x90;
  else if (lead === 0xf4) high = 0x8f;
  if (second < low || second > high) return 0;
  for (let k = 2; k < length; k++) {
    const next = body[i + k]!;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}
