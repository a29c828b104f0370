// Raindrop.io's CSV export: `id,title,note,excerpt,url,folder,tags,created,cover,highlights,
// favorite`. Tags are comma-separated inside one quoted cell; the folder is a path (`a/b`,
// newer exports `a / b`) whose names become tags, except Unsorted (Raindrop's inbox, not a
// folder the user made). Highlights come as one cell: `Highlight: ...` lines, each maybe
// followed by `Note: ...` lines.

import { TidingsError } from '../errors.js';
import type { ImportedHighlight, ParsedImport } from './index.js';
import { ItemCollector } from './collect.js';
import { columnReader, readCsv } from './csv.js';
import { isoDate } from './dates.js';
import { splitTags } from './tags.js';

export function parseRaindrop(text: string, name: string): ParsedImport {
  const table = readCsv(text);
  if (!table.header.includes('url')) {
    throw new TidingsError('import', name, 'line 1: not a Raindrop.io CSV export (no "url" column in the header)', 'invalid');
  }
  const field = columnReader(table.header);
  const items = new ItemCollector('raindrop');
  items.problemsFound(table.problems);
  for (const row of table.rows) {
    items.add({
      url: field(row, 'url'),
      title: field(row, 'title'),
      note: field(row, 'note'),
      savedAt: isoDate(field(row, 'created')),
      tags: [...splitTags(field(row, 'tags'), ','), ...folderTags(field(row, 'folder'))],
      starred: field(row, 'favorite')?.trim().toLowerCase() === 'true',
      highlights: raindropHighlights(field(row, 'highlights')),
      line: row.line,
    });
  }
  return items.result();
}

function folderTags(folder: string | null): string[] {
  return splitTags(folder, '/').filter((name) => name.toLowerCase() !== 'unsorted');
}

/** `Highlight: quote` lines, each with the `Note: ...` lines after it; a cell without the labels is one quote a line. */
export function raindropHighlights(cell: string | null): ImportedHighlight[] {
  const highlights: ImportedHighlight[] = [];
  for (const raw of (cell ?? '').split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const note = /^note:\s*(.*)$/i.exec(line);
    const last = highlights.at(-1);
    if (note && last) {
      last.note = last.note ? `${last.note}\n${note[1]}` : (note[1] ?? null);
      continue;
    }
    const exact = line.replace(/^highlight:\s*/i, '');
    if (exact) highlights.push({ exact, note: null, createdAt: null, color: null });
  }
  return highlights;
}
