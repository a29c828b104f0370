// Which export a file is, from what it holds: the zip's entries, the JSON's shape, the CSV's
// header, the HTML's markers. The name's extension only breaks ties (an HTML list of links
// without the bookmark file's doctype).

import type { ImportFormat } from '../api.js';
import { decodeText } from './text.js';
import type { ZipReader } from '../exports/index.js';
import { isZip, readZip, zipFromBytes } from './zip.js';
import { parseJson } from './json.js';

/** Enough of a text file to see its header or markers. */
const SNIFF_BYTES = 64 * 1024;
/** manifest.json bigger than this is not Tidings' manifest. */
const MANIFEST_BYTES = 1024 * 1024;

export const OMNIVORE_METADATA = /^(?:.*\/)?metadata_\d+_to_\d+\.json$/;
/** Pocket's 2025 export: a zip of part_000000.csv... (same pattern as pocket.ts reads). */
const POCKET_PART_ENTRY = /^(?:[^/]+\/)?part_\d+\.csv$/;

export function detect(bytes: Uint8Array, name: string): ImportFormat | null {
  if (isZip(bytes)) return detectZip(bytes, name);
  const head = decodeText(bytes.subarray(0, SNIFF_BYTES)).trimStart();
  if (!head) return null;
  if (head.startsWith('[') || head.startsWith('{')) return detectJson(bytes);
  if (head.startsWith('<')) return detectMarkup(head, name);
  return detectCsv(head);
}

function detectZip(bytes: Uint8Array, name: string): ImportFormat | null {
  let zip: ZipReader;
  try {
    zip = zipFromBytes(bytes, name);
  } catch {
    return null;
  }
  return detectZipEntries(zip);
}

/** Which export a zip is, from its entries' names (and Tidings' manifest). */
export function detectZipEntries(zip: ZipReader): ImportFormat | null {
  const names = zip.entries.map((entry) => entry.name);
  if (names.includes('manifest.json') && isTidingsManifest(zip)) return 'tidings';
  if (names.some((entry) => OMNIVORE_METADATA.test(entry))) return 'omnivore';
  if (names.some((entry) => POCKET_PART_ENTRY.test(entry))) return 'pocket-csv';
  return null;
}

function isTidingsManifest(zip: ZipReader): boolean {
  let manifest: Uint8Array | undefined;
  try {
    manifest = readZip(zip, (entry) => entry === 'manifest.json', MANIFEST_BYTES).files.get('manifest.json');
  } catch {
    return false;
  }
  if (!manifest) return false;
  const value = parseJson(decodeText(manifest));
  return isRecord(value) && Object.hasOwn(value, 'format') && value.format === 'tidings-archive';
}

function detectJson(bytes: Uint8Array): ImportFormat | null {
  const value = parseJson(decodeText(bytes));
  if (Array.isArray(value)) {
    const first: unknown = value.find(isRecord);
    if (isRecord(first) && Object.hasOwn(first, 'url') && (Object.hasOwn(first, 'is_archived') || Object.hasOwn(first, 'content'))) return 'wallabag';
    return null;
  }
  if (isRecord(value) && Object.hasOwn(value, 'bookmarks') && Array.isArray(value.bookmarks)) return 'karakeep';
  return null;
}

function detectMarkup(head: string, name: string): ImportFormat | null {
  const lower = head.toLowerCase();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<opml[\s>]/.test(lower)) return 'opml';
  if (lower.includes('netscape-bookmark-file')) return 'bookmarks';
  if (/<h1>\s*unread\s*<\/h1>/.test(lower) || /<title>\s*pocket export\s*<\/title>/.test(lower)) return 'pocket-html';
  if (/\.html?$/i.test(name) && lower.includes('<dl') && lower.includes('<dt')) return 'bookmarks';
  return null;
}

function detectCsv(head: string): ImportFormat | null {
  const firstLine = head.slice(0, head.search(/\r?\n|$/));
  const columns = new Set(firstLine.split(',').map((column) => column.trim().replace(/^"|"$/g, '').trim().toLowerCase()));
  if (!columns.has('url')) return null;
  if (columns.has('time_added') || (columns.has('status') && columns.has('title'))) return 'pocket-csv';
  if (columns.has('selection') || (columns.has('folder') && columns.has('timestamp'))) return 'instapaper';
  if (columns.has('excerpt') || columns.has('highlights') || columns.has('cover') || columns.has('created')) return 'raindrop';
  return null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
