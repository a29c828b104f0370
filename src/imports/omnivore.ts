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
import type { ZipReader } from '../exports/index.js';
import { readZip, zipFromBytes } from './zip.js';

const CONTENT = /^content\/[^/]+\.html$/;
const HIGHLIGHTS = /^highlights\/[^/]+\.md$/;

export function parseOmnivore(bytes: Uint8Array, name: string, limit?: number): ParsedImport {
  return parseOmnivoreZip(zipFromBytes(bytes, name, limit), name, limit);
}

/** Omnivore's zip, open (from a file of any size, or bytes): only its metadata, content and highlights entries are read. */
export function parseOmnivoreZip(reader: ZipReader, name: string, limit?: number): ParsedImport {
  const zip = readZip(reader, (entry) => OMNIVORE_METADATA.test(entry) || CONTENT.test(entry) || HIGHLIGHTS.test(entry), limit);
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
  const markdown = slug === null ? undefined : files.get(`highlights/${slug}.md`);
  const annotations = markdown ? omnivoreHighlights(decodeText(markdown)) : { highlights: [], note: null };
  items.add({
    url: stringField(saved, 'url'),
    title: stringField(saved, 'title'),
    savedAt: isoDate(field(saved, 'savedAt')),
    tags: arrayField(saved, 'labels').map((label) => (typeof label === 'string' ? label : stringField(label, 'name'))),
    read: state === 'archived',
    highlights: annotations.highlights,
    note: annotations.note,
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

/**
 * Omnivore's highlights file, as its exporter writes it: highlights joined by blank lines, each
 * `> quote` (the quote's own blank lines turned into `> ` lines, its other lines left as lazy
 * continuation), then maybe a block of `#label`s, then maybe the note. A block before any quote
 * is a note on the page itself (Omnivore's page notes are written the same way).
 */
export function omnivoreHighlights(markdown: string): { highlights: ImportedHighlight[]; note: string | null } {
  const highlights: ImportedHighlight[] = [];
  const pageNotes: string[] = [];
  for (const block of markdown.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const text = block.trim();
    if (!text) continue;
    const last = highlights.at(-1);
    if (text.startsWith('>')) {
      const exact = text.split('\n').map((line) => line.replace(/^\s*>\s?/, '')).join('\n').trim();
      if (exact) highlights.push({ exact, note: null, createdAt: null, color: null });
    } else if (/^(#\S+\s*)+$/.test(text) && last) {
      continue; // the highlight's labels: Tidings has no labels on highlights
    } else if (last) {
      last.note = last.note ? `${last.note}\n\n${text}` : text;
    } else {
      pageNotes.push(text);
    }
  }
  return { highlights, note: pageNotes.length ? pageNotes.join('\n\n') : null };
}

/** metadata_100_to_200.json after metadata_0_to_100.json: by number, not by text. */
function byFirstIndex(a: string, b: string): number {
  return firstIndex(a) - firstIndex(b);
}

function firstIndex(entry: string): number {
  return Number(/metadata_(\d+)_to_/.exec(entry)?.[1] ?? 0);
}
