// Pocket's exports. The CSV (2023 on): `title,url,time_added,tags,status`, times in Unix
// seconds, tags `|`-separated, status `unread` or `archive`. The older ril_export.html: an
// `<h1>Unread</h1>` list and an `<h1>Read Archive</h1>` list of links carrying time_added and
// comma-separated tags as attributes.

import { TidingsError } from '../errors.js';
import type { ParsedImport } from './index.js';
import { ItemCollector } from './collect.js';
import { columnReader, readCsv } from './csv.js';
import { isoDate } from './dates.js';
import { attribute, parseHtmlDocument } from './html.js';
import { splitTags } from './tags.js';
import { arrayField, entryLines, field, parseJson, stringField } from './json.js';
import { decodeText } from './text.js';
import type { ZipReader } from '../exports/index.js';
import { isZip, readZip, zipFromBytes } from './zip.js';

export function parsePocketCsv(bytes: Uint8Array, name: string): ParsedImport {
  if (isZip(bytes)) return parsePocketZip(zipFromBytes(bytes, name), name);
  const items = new ItemCollector('pocket-csv');
  readPocketCsv(decodeText(bytes), name, items);
  return items.result();
}

function readPocketCsv(text: string, name: string, items: ItemCollector): void {
  const table = readCsv(text);
  if (!table.header.includes('url')) {
    throw new TidingsError('import', name, 'line 1: not a Pocket CSV export (no "url" column in the header)', 'invalid');
  }
  const field = columnReader(table.header);
  items.problemsFound(table.problems);
  for (const row of table.rows) {
    items.add({
      url: field(row, 'url'),
      title: field(row, 'title'),
      savedAt: isoDate(field(row, 'time_added')),
      tags: splitTags(field(row, 'tags'), '|'),
      read: field(row, 'status')?.trim().toLowerCase() === 'archive',
      line: row.line,
    });
  }
}

/** Pocket's 2025 export: part_000000.csv... (10,000 rows each) and annotations/part_*.json. */
export const POCKET_PART = /^(?:[^/]+\/)?part_\d+\.csv$/;
const POCKET_ANNOTATIONS = /^(?:[^/]+\/)?annotations\/part_\d+\.json$/;

/** Pocket's zip, open (from a file of any size, or bytes): only its part_*.csv and annotations entries are read. */
export function parsePocketZip(reader: ZipReader, name: string): ParsedImport {
  const zip = readZip(reader, (entry) => POCKET_PART.test(entry) || POCKET_ANNOTATIONS.test(entry));
  const entries = [...zip.files.keys()].sort();
  const parts = entries.filter((entry) => POCKET_PART.test(entry));
  if (!parts.length) throw new TidingsError('import', name, 'not a Pocket export (no part_*.csv in the zip)', 'invalid');
  const items = new ItemCollector('pocket-csv');
  items.problemsFound(zip.problems);
  for (const part of parts) {
    items.source = part;
    readPocketCsv(decodeText(zip.files.get(part)!), `${name}: ${part}`, items);
  }
  for (const entry of entries.filter((e) => POCKET_ANNOTATIONS.test(e))) {
    items.source = entry;
    readPocketAnnotations(decodeText(zip.files.get(entry)!), items);
  }
  items.source = null;
  return items.result();
}

/** [{url, title, highlights: [{quote, created_at}]}]: each page's highlights, joined to its row by URL. */
function readPocketAnnotations(text: string, items: ItemCollector): void {
  const pages = parseJson(text);
  if (!Array.isArray(pages)) {
    items.problem(null, null, 'not a JSON list of highlighted pages');
    return;
  }
  const lines = entryLines(text, null);
  for (const [index, page] of pages.entries()) {
    const highlights = arrayField(page, 'highlights').flatMap((highlight) => {
      const exact = stringField(highlight, 'quote')?.trim();
      return exact ? [{ exact, note: null, createdAt: isoDate(field(highlight, 'created_at')), color: null }] : [];
    });
    items.enrich({ url: stringField(page, 'url'), title: stringField(page, 'title'), highlights, line: lines[index] ?? null });
  }
}

/** Headings of ril_export.html whose links are read. */
const READ_HEADINGS = new Set(['read archive', 'archive']);

export function parsePocketHtml(text: string, name: string): ParsedImport {
  const document = parseHtmlDocument(text);
  const items = new ItemCollector('pocket-html');
  let read = false;
  let headings = 0;
  // Document order: each link belongs to the list under the last heading before it.
  for (const element of Array.from(document.querySelectorAll('h1, a'))) {
    if (element.tagName.toLowerCase() === 'h1') {
      headings++;
      read = READ_HEADINGS.has((element.textContent ?? '').trim().toLowerCase());
      continue;
    }
    const url = attribute(element, 'href');
    const title = element.textContent;
    items.add({
      url,
      // Pocket writes the address as the text of a link it has no title for.
      title: title?.trim() === url?.trim() ? null : title,
      savedAt: isoDate(attribute(element, 'time_added')),
      tags: splitTags(attribute(element, 'tags'), ','),
      read,
      line: null,
    });
  }
  if (headings === 0) throw new TidingsError('import', name, 'not a Pocket HTML export (no "Unread" or "Read Archive" heading)', 'invalid');
  return items.result();
}
