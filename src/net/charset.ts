// Bytes to text. The charset comes from, in order: a byte order mark, the HTTP Content-Type,
// the document's own declaration (<?xml encoding> or <meta charset>), else UTF-8.
// iconv-lite covers the legacy encodings real feeds use (windows-1250, ISO-8859-2, KOI8-R...).

import iconv from 'iconv-lite';

export type BodyKind = 'xml' | 'html' | 'text';

/** Labels whose WHATWG meaning is windows-1252 (a superset: it has the curly quotes). */
const WINDOWS_1252_ALIASES = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'l1', 'us-ascii', 'ascii', 'iso_8859-1', 'cp819', 'ibm819']);

export function decodeBody(body: Buffer, contentType: string | null, kind: BodyKind): string {
  const charset = bomCharset(body) ?? usable(headerCharset(contentType)) ?? usable(declaredCharset(body, kind), true) ?? 'utf-8';
  return iconv.decode(body, charset);
}

function bomCharset(body: Buffer): string | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  return null;
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
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)/i.exec(head);
  return meta?.[1] ?? null;
}

/** The label iconv-lite should use, or null when it is unknown or cannot be right for bytes we were sent. */
function usable(label: string | null, inDocument = false): string | null {
  if (!label) return null;
  const name = label.trim().toLowerCase();
  if (WINDOWS_1252_ALIASES.has(name)) return 'windows-1252';
  // A document cannot declare UTF-16 in ASCII bytes and be UTF-16; without a BOM it is UTF-8 (as browsers do).
  if (inDocument && (name.startsWith('utf-16') || name === 'utf16')) return null;
  return iconv.encodingExists(name) ? name : null;
}
