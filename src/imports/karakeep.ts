// Karakeep's (formerly Hoarder's) JSON export: {bookmarks: [{createdAt (Unix seconds), title,
// tags, content: {type: 'link', url} | {type: 'text', text} | {type: 'asset', ...}, note,
// archived, favourited}]}. Only links are web pages: text notes and uploaded files have no
// address to archive and are listed as problems.

import { TidingsError } from '../errors.js';
import type { ParsedImport } from './index.js';
import { ItemCollector } from './collect.js';
import { isoDate } from './dates.js';
import { arrayField, entryLines, field, flagField, parseJsonOrThrow, stringField } from './json.js';
import { oneLine } from './text.js';

const WHAT = 'a Karakeep export';

export function parseKarakeep(text: string, name: string): ParsedImport {
  const root = parseJsonOrThrow(text, name, WHAT);
  if (!Array.isArray(field(root, 'bookmarks'))) throw new TidingsError('import', name, `not ${WHAT} (expected a JSON object with "bookmarks")`, 'invalid');
  const items = new ItemCollector('karakeep');
  const lines = entryLines(text, 'bookmarks');
  for (const [index, bookmark] of arrayField(root, 'bookmarks').entries()) {
    const line = lines[index] ?? null;
    const content = field(bookmark, 'content');
    const type = stringField(content, 'type');
    const title = stringField(bookmark, 'title');
    if (type === 'text' || type === 'asset') {
      const shown = title ?? (type === 'text' ? stringField(content, 'text') : null);
      const kind = type === 'text' ? 'text notes' : 'files';
      items.problem(line, shown ? oneLine(shown) : null, `no web address: ${kind} are not imported`);
      continue;
    }
    items.add({
      url: stringField(content, 'url'),
      title,
      savedAt: isoDate(field(bookmark, 'createdAt')),
      tags: arrayField(bookmark, 'tags').map((tag) => (typeof tag === 'string' ? tag : stringField(tag, 'name'))),
      note: stringField(bookmark, 'note'),
      read: flagField(bookmark, 'archived'),
      starred: flagField(bookmark, 'favourited'),
      line,
    });
  }
  return items.result();
}
