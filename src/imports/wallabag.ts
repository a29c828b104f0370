// Wallabag's JSON export: an array of entries with the page's content (kept, as untrusted HTML
// the archive sanitizes), is_archived / is_starred (0/1 or booleans), tags, authors
// (published_by) and annotations ({quote, text}: the quote is the highlight, the text its note).
// Fields are read by own property only (json.ts), so `__proto__` keys are inert.

import { TidingsError } from '../errors.js';
import type { ImportedContent, ImportedHighlight, ParsedImport } from './index.js';
import { ItemCollector } from './collect.js';
import { isoDate } from './dates.js';
import { arrayField, entryLines, field, flagField, parseJsonOrThrow, stringField } from './json.js';

const WHAT = 'a Wallabag export';

export function parseWallabag(text: string, name: string): ParsedImport {
  const entries = parseJsonOrThrow(text, name, WHAT);
  if (!Array.isArray(entries)) throw new TidingsError('import', name, `not ${WHAT} (expected a JSON array of entries)`, 'invalid');
  const items = new ItemCollector('wallabag');
  const lines = entryLines(text, null);
  for (const [index, entry] of entries.entries()) {
    items.add({
      url: stringField(entry, 'url'),
      title: stringField(entry, 'title'),
      savedAt: isoDate(field(entry, 'created_at')),
      tags: arrayField(entry, 'tags').map(tagName),
      read: flagField(entry, 'is_archived'),
      starred: flagField(entry, 'is_starred'),
      highlights: arrayField(entry, 'annotations').flatMap(annotation),
      content: wallabagContent(entry),
      line: lines[index] ?? null,
    });
  }
  return items.result();
}

/** Tags are strings; some versions write {label, slug} objects. */
function tagName(tag: unknown): unknown {
  return typeof tag === 'string' ? tag : stringField(tag, 'label');
}

function annotation(value: unknown): ImportedHighlight[] {
  const exact = stringField(value, 'quote')?.trim();
  if (!exact) return [];
  const note = stringField(value, 'text')?.trim();
  return [{ exact, note: note || null, createdAt: isoDate(field(value, 'created_at')), color: null }];
}

function wallabagContent(entry: unknown): ImportedContent | null {
  const html = stringField(entry, 'content');
  if (!html?.trim()) return null;
  const authors = arrayField(entry, 'published_by').filter((name): name is string => typeof name === 'string' && name.trim() !== '');
  return {
    html,
    byline: authors.length ? authors.join(', ') : null,
    publishedAt: isoDate(field(entry, 'published_at')),
    lang: stringField(entry, 'language'),
    siteName: stringField(entry, 'domain_name'),
    excerpt: null,
  };
}
