// The judged collection of the search bench: every usable page of ../shared/corpus/pages as one
// document (its title and extracted text, whole), among real distractors that copy none of the
// pages' text: the items of ../shared/corpus/feeds (title and content or summary, parsed with our
// own feed parser) and the Markdown documents shipped in node_modules (READMEs and guides). The
// judged queries (judged-queries.json, written by make-judged-queries.ts) point at the pages by
// their folder name; every other document is a distractor.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeEntities, parseBody, stripTags } from '../../src/feeds/index.js';
import { CORPUS_PAGES, pageText } from './corpus.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CORPUS_FEEDS = path.resolve(CORPUS_PAGES, '../feeds');
const NODE_MODULES = path.resolve(here, '../../node_modules');
export const JUDGED_QUERIES = path.join(here, 'judged-queries.json');

export interface JudgedDoc {
  id: string;
  /** The page's folder name for a judged page, null for a distractor. */
  page: string | null;
  /** Where a distractor came from (feed file or Markdown file), for the description. */
  source: 'page' | 'feed' | 'markdown';
  title: string;
  body: string;
  lang: string | null;
}

/** Pages too small or too artificial to be judged (Readability's unit fixtures). */
const MIN_PAGE_CHARS = 1500;

export interface JudgedPage {
  page: string;
  title: string;
  body: string;
  lang: string | null;
}

/** The corpus pages that read as articles: enough text, a title that is not a fixture's. */
export function judgedPages(): JudgedPage[] {
  const out: JudgedPage[] = [];
  const titles = new Set<string>();
  for (const page of readdirSync(CORPUS_PAGES).sort()) {
    const htmlFile = path.join(CORPUS_PAGES, page, 'expected.html');
    const metaFile = path.join(CORPUS_PAGES, page, 'expected-metadata.json');
    if (!existsSync(htmlFile) || !existsSync(metaFile)) continue;
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { title?: string | null; lang?: string | null };
    const title = (meta.title ?? '').trim();
    const body = pageText(readFileSync(htmlFile, 'utf8')).trim();
    if (body.length < MIN_PAGE_CHARS || !title || /\btest\b|lorem ipsum|^document$/i.test(title) || titles.has(title)) continue;
    titles.add(title);
    out.push({ page, title, body, lang: meta.lang ? meta.lang.toLowerCase() : null });
  }
  return out;
}

/** Feed items as distractors: one document per item with some text, each distinct text once. */
async function feedDocs(): Promise<Omit<JudgedDoc, 'id'>[]> {
  const out: Omit<JudgedDoc, 'id'>[] = [];
  for (const dir of ['rss-parser', 'jsonfeed']) {
    const base = path.join(CORPUS_FEEDS, dir);
    if (!existsSync(base)) continue;
    for (const file of readdirSync(base).sort()) {
      if (file.endsWith('_expected.json')) continue;
      let items;
      try {
        // As bytes: the parser decodes them by the charset the feed declares (one is ISO-8859-1).
        items = (await parseBody(readFileSync(path.join(base, file)), null, 'https://feeds.example/feed')).items;
      } catch {
        continue; // A broken feed of the parser's tests (kept there on purpose): no documents.
      }
      for (const item of items) {
        const body = decodeEntities(stripTags(item.contentHtml ?? item.summary ?? '')).replace(/\s+/g, ' ').trim();
        if (body.length + item.title.length < 40) continue;
        out.push({ page: null, source: 'feed', title: item.title, body, lang: null });
      }
    }
  }
  return out;
}

/** Markdown files of 1 KB or more under node_modules (skipping tests), each distinct text once. */
function markdownDocs(): Omit<JudgedDoc, 'id'>[] {
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && depth < 6 && !/^(test|tests|__tests__|fixtures)$/.test(e.name)) walk(full, depth + 1);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.md')) files.push(full);
    }
  };
  walk(NODE_MODULES, 0);
  const out: Omit<JudgedDoc, 'id'>[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (text.length < 1024) continue;
    const heading = /^#+\s*(.+)$/m.exec(text)?.[1] ?? path.basename(path.dirname(file));
    const body = text.replace(/```[\s\S]*?```/g, ' ').replace(/[#*_`>[\]()|-]+/g, ' ').replace(/\s+/g, ' ').trim();
    out.push({ page: null, source: 'markdown', title: heading.replace(/[#*_`[\]()]/g, '').trim().slice(0, 200), body, lang: null });
  }
  return out;
}

/** The whole collection, pages first, every distinct text once, with ids as the archive makes them (16 hex digits). */
export async function judgedCollection(): Promise<JudgedDoc[]> {
  const pages = judgedPages().map((p) => ({ ...p, source: 'page' as const }));
  const all = [...pages, ...(await feedDocs()), ...markdownDocs()];
  const seen = new Set<string>();
  const out: JudgedDoc[] = [];
  for (const doc of all) {
    const key = createHash('sha1').update(`${doc.title}\n${doc.body}`).digest('hex');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...doc, id: out.length.toString(16).padStart(16, '0') });
  }
  return out;
}
