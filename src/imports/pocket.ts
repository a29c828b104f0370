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

export function parsePocketCsv(text: string, name: string): ParsedImport {
  const table = readCsv(text);
  if (!table.header.includes('url')) {
    throw new TidingsError('import', name, 'line 1: not a Pocket CSV export (no "url" column in the header)', 'invalid');
  }
  const field = columnReader(table.header);
  const items = new ItemCollector('pocket-csv');
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
  return items.result();
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
