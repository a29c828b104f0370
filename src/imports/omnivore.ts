// Omnivore's export zip: `metadata_<n>_to_<m>.json` (arrays of {id, slug, title, author,
// description, url, state, labels, savedAt, publishedAt, ...}), `content/<slug>.html` (the
// readable page Omnivore kept: untrusted HTML, sanitized by the archive) and
// `highlights/<slug>.md` (each highlight a `> ` quote, its note as the text after it).

import { TidingsError } from '../errors.js';
import type { ImportedContent, ImportedHighlight, ParsedImport } from './index.js';
import { ItemCollector } from './collect.js';
import { isoDate } from './dates.js';
import { OMNIVORE_METADATA } from './detect.js';
import { arrayField, field, parseJson, stringField } from './json.js';
import { decodeText } from './text.js';
import { readZip } from './zip.js';

const CONTENT = /^content\/[^/]+\.html$/;
const HIGHLIGHTS = /^highlights\/[^/]+\.md$/;

export function parseOmnivore(bytes: Uint8Array, name: string, limit?: number): ParsedImport {
  const zip = readZip(bytes, name, (entry) => OMNIVORE_METADATA.test(entry) || CONTENT.test(entry) || HIGHLIGHTS.test(entry), limit);
  const metadata = [...zip.files.keys()].filter((entry) => OMNIVORE_METADATA.test(entry)).sort(byFirstIndex);
  if (!metadata.length) throw new TidingsError('import', name, 'not an Omnivore export (no metadata_*_to_*.json in the zip)', 'invalid');
  const items = new ItemCollector('omnivore');
  items.problemsFound(zip.problems);
  for (const entry of metadata) {
    const list = parseJson(decodeText(zip.files.get(entry)!));
    if (!Array.isArray(list)) {
      items.problem(null, entry, 'not a JSON list of saved pages');
      continue;
    }
    for (const saved of list) addSaved(saved, zip.files, items);
  }
  return items.result();
}

function addSaved(saved: unknown, files: Map<string, Uint8Array>, items: ItemCollector): void {
  const slug = stringField(saved, 'slug');
  const state = stringField(saved, 'state')?.toLowerCase();
  if (state === 'deleted') {
    items.problem(null, stringField(saved, 'url') ?? stringField(saved, 'title'), 'deleted in Omnivore: not imported');
    return;
  }
  const html = slug === null ? undefined : files.get(`content/${slug}.html`);
  const highlights = slug === null ? undefined : files.get(`highlights/${slug}.md`);
  items.add({
    url: stringField(saved, 'url'),
    title: stringField(saved, 'title'),
    savedAt: isoDate(field(saved, 'savedAt')),
    tags: arrayField(saved, 'labels').map((label) => (typeof label === 'string' ? label : stringField(label, 'name'))),
    read: state === 'archived',
    highlights: highlights ? omnivoreHighlights(decodeText(highlights)) : [],
    content: html ? omnivoreContent(decodeText(html), saved) : null,
    line: null,
  });
}

function omnivoreContent(html: string, saved: unknown): ImportedContent | null {
  if (!html.trim()) return null;
  return {
    html,
    byline: stringField(saved, 'author'),
    publishedAt: isoDate(field(saved, 'publishedAt')),
    lang: null,
    siteName: null,
    excerpt: stringField(saved, 'description'),
  };
}

/** `> ` lines are a quote (one highlight per run of them); the text up to the next quote is its note. */
export function omnivoreHighlights(markdown: string): ImportedHighlight[] {
  const highlights: ImportedHighlight[] = [];
  let quote: string[] | null = null;
  let note: string[] = [];
  const flush = (): void => {
    if (quote) {
      const exact = quote.join('\n').trim();
      const text = note.join('\n').trim();
      if (exact) highlights.push({ exact, note: text || null, createdAt: null, color: null });
    }
    quote = null;
    note = [];
  };
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const quoted = /^\s*>\s?(.*)$/.exec(line);
    if (quoted) {
      if (note.length && note.some((text) => text.trim())) flush();
      if (!quote) {
        flush();
        quote = [];
      }
      quote.push(quoted[1] ?? '');
    } else if (quote) {
      note.push(line);
    }
  }
  flush();
  return highlights;
}

/** metadata_100_to_200.json after metadata_0_to_100.json: by number, not by text. */
function byFirstIndex(a: string, b: string): number {
  return firstIndex(a) - firstIndex(b);
}

function firstIndex(entry: string): number {
  return Number(/metadata_(\d+)_to_/.exec(entry)?.[1] ?? 0);
}
