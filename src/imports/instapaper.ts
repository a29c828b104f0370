// Instapaper's CSV export: `URL,Title,Selection,Folder,Timestamp,Tags`. The folder is the state
// (Unread, Archive, Starred) or a folder of the user's own, kept as a tag. Selection is the text
// the user had selected when saving: their quote, kept as a highlight. Tags came later: absent
// in older exports, a JSON array string (`["a","b"]`) in newer ones.

import { TidingsError } from '../errors.js';
import type { ParsedImport } from './index.js';
import { ItemCollector } from './collect.js';
import { columnReader, readCsv } from './csv.js';
import { isoDate } from './dates.js';
import { parseJson } from './json.js';
import { splitTags } from './tags.js';

export function parseInstapaper(text: string, name: string): ParsedImport {
  const table = readCsv(text);
  if (!table.header.includes('url')) {
    throw new TidingsError('import', name, 'line 1: not an Instapaper CSV export (no "URL" column in the header)', 'invalid');
  }
  const field = columnReader(table.header);
  const items = new ItemCollector('instapaper');
  items.problemsFound(table.problems);
  for (const row of table.rows) {
    const folder = field(row, 'folder')?.trim() ?? '';
    const state = folder.toLowerCase();
    const selection = field(row, 'selection')?.trim();
    const ownFolder = state !== 'unread' && state !== 'archive' && state !== 'starred' && folder !== '';
    items.add({
      url: field(row, 'url'),
      title: field(row, 'title'),
      savedAt: isoDate(field(row, 'timestamp')),
      tags: [...instapaperTags(field(row, 'tags')), ...(ownFolder ? [folder] : [])],
      read: state === 'archive',
      starred: state === 'starred',
      highlights: selection ? [{ exact: selection, note: null, createdAt: null, color: null }] : [],
      line: row.line,
    });
  }
  return items.result();
}

function instapaperTags(cell: string | null): string[] {
  const text = cell?.trim() ?? '';
  if (text.startsWith('[')) {
    const value = parseJson(text);
    if (Array.isArray(value)) return value.filter((tag): tag is string => typeof tag === 'string');
  }
  return splitTags(text, ',');
}
