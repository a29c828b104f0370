// Reading other apps' exports (Pocket, Instapaper, Omnivore, Wallabag, Karakeep, Raindrop,
// browser bookmarks, OPML) into one plain shape. Pure: bytes in, items out; no archive, no
// network. The archive (src/archive/imports.ts) turns the items into articles.
//
// Every parser: UTF-8 (BOM dropped) or windows-1252 when the bytes are not UTF-8 (text.ts); dates
// to ISO UTC with absurd ones null (dates.ts); only http(s) URLs are items, others problems
// (urls.ts); the same URL twice is one item, counted in `duplicates` (collect.ts); at most
// 200,000 items; zips refuse unsafe names and more than 1 GiB unpacked (zip.ts); JSON fields are
// read by own property only (json.ts).

import type { HighlightColor, ImportFormat, ImportProblem } from '../api.js';
import { TidingsError } from '../errors.js';
import type { ZipReader } from '../exports/index.js';
import { parseBookmarks } from './bookmarks.js';
import { detect, detectZipEntries } from './detect.js';
import { parseInstapaper } from './instapaper.js';
import { parseKarakeep } from './karakeep.js';
import { parseOmnivore, parseOmnivoreZip } from './omnivore.js';
import { parseOpmlImport } from './opml.js';
import { parsePocketCsv, parsePocketHtml, parsePocketZip } from './pocket.js';
import { parseRaindrop } from './raindrop.js';
import { parseTidingsArchive } from './tidings.js';
import { decodeText } from './text.js';
import { parseWallabag } from './wallabag.js';

export { mergeItems } from './collect.js';
export { MAX_UNZIPPED_BYTES } from './zip.js';

/** A highlight as an export gives it: the quote, maybe a note; anchored when the text is known. */
export interface ImportedHighlight {
  exact: string;
  note: string | null;
  createdAt: string | null;
  color: HighlightColor | null;
}

/** Content an export ships (Wallabag, Omnivore, Karakeep): stored after sanitizing, never fetched. */
export interface ImportedContent {
  /** Untrusted HTML, as the file has it. */
  html: string;
  byline: string | null;
  publishedAt: string | null;
  lang: string | null;
  siteName: string | null;
  excerpt: string | null;
}

/** One saved page of an export. */
export interface ImportedItem {
  /** An http(s) URL (checked by the parser: other schemes are problems, not items). */
  url: string;
  title: string | null;
  /** ISO 8601 (UTC) of when the user saved it in the other app; null: not known. */
  savedAt: string | null;
  /** Tag names as the file has them, trimmed, empty ones left out (normalized by the archive). */
  tags: string[];
  /** Read or archived in the other app. */
  read: boolean;
  starred: boolean;
  note: string | null;
  highlights: ImportedHighlight[];
  content: ImportedContent | null;
  /**
   * 1-based line where the item starts: of the file (CSV, JSON), of the part it came from (Pocket's
   * zip, whose problems name the part); null where it is not known (HTML exports: the parser keeps
   * no positions; Omnivore's metadata).
   */
  line: number | null;
}

export interface ParsedImport {
  format: ImportFormat;
  items: ImportedItem[];
  /** Entries that could not be read; the items above are the rest. */
  problems: ImportProblem[];
  /** OPML only: the document, for the archive's importOpml. */
  opml?: string;
  /** Entries that repeated an earlier one's URL and were merged into it (not problems). */
  duplicates?: number;
}

export interface ParseOptions {
  /** The file's name (for detection by extension and for messages). */
  name: string;
  /** Read as this format instead of detecting. */
  format?: ImportFormat;
}

/**
 * Which format a file is, from its content (and its name as a tie-breaker); null: none of them.
 * A zip with `manifest.json` of format `tidings-archive` is 'tidings'.
 */
export function detectFormat(bytes: Uint8Array, name: string): ImportFormat | null {
  return detect(bytes, name);
}

/**
 * Parse an export. Throws TidingsError('import', name, reason, 'invalid') when the file is not the
 * format at all (the reason names the line when there is one); a file that is the format but has
 * bad rows returns the good ones as items and the bad ones as problems. Format 'tidings' returns
 * no items: the archive restores it (src/archive/restore.ts).
 */
export function parseImport(bytes: Uint8Array, options: ParseOptions): ParsedImport {
  const format = options.format ?? detectFormat(bytes, options.name);
  if (!format) throw new TidingsError('import', options.name, 'not a format Tidings imports', 'invalid');
  return PARSERS[format](bytes, options.name);
}

/** The formats that are zips: a file of any size is read from its central directory with parseZipImport. */
export const ZIP_FORMATS: ReadonlySet<ImportFormat> = new Set(['pocket-csv', 'omnivore', 'tidings']);

/**
 * Parse an export that is a zip, open for reading (a file past the size read whole): only the
 * entries its parser needs are read. As parseImport otherwise; a Tidings archive is refused here
 * (importLibrary knows it first, by isTidingsZip, and restores it).
 */
export function parseZipImport(zip: ZipReader, options: ParseOptions): ParsedImport {
  const format = options.format ?? detectZipEntries(zip);
  if (format === 'pocket-csv') return parsePocketZip(zip, options.name);
  if (format === 'omnivore') return parseOmnivoreZip(zip, options.name);
  // Tidings' own archive is restored from the open zip (src/archive/imports.ts), never parsed.
  if (format === 'tidings') throw new TidingsError('import', options.name, 'a Tidings archive whose manifest.json cannot be read (restore needs it)', 'invalid');
  throw new TidingsError('import', options.name, format ? `a zip is not a ${format} export` : 'not a format Tidings imports', 'invalid');
}

type Parser = (bytes: Uint8Array, name: string) => ParsedImport;

/** Text formats get the decoded text (UTF-8, or windows-1252 for old Windows exports). */
function text(parse: (text: string, name: string) => ParsedImport): Parser {
  return (bytes, name) => parse(decodeText(bytes), name);
}

const PARSERS: Record<ImportFormat, Parser> = {
  // Bytes: the CSV, or Pocket's 2025 zip of CSV parts.
  'pocket-csv': parsePocketCsv,
  'pocket-html': text(parsePocketHtml),
  instapaper: text(parseInstapaper),
  raindrop: text(parseRaindrop),
  wallabag: text(parseWallabag),
  karakeep: text(parseKarakeep),
  bookmarks: text(parseBookmarks),
  opml: text(parseOpmlImport),
  omnivore: (bytes, name) => parseOmnivore(bytes, name),
  tidings: parseTidingsArchive,
};
