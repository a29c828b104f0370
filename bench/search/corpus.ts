// Documents for the search benchmark: sentences from the text of the Readability test pages in
// ../shared/corpus/pages/*/expected.html, shuffled with a fixed seed into documents of about
// 4 KB, so every run searches the same text.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_PAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/pages');

export interface BenchDoc {
  id: string;
  title: string;
  body: string;
}

export function corpusAvailable(): boolean {
  return existsSync(CORPUS_PAGES);
}

export function sentences(): string[] {
  const out: string[] = [];
  for (const page of readdirSync(CORPUS_PAGES).sort()) {
    const file = path.join(CORPUS_PAGES, page, 'expected.html');
    if (!existsSync(file)) continue;
    out.push(...splitSentences(pageText(readFileSync(file, 'utf8'))));
  }
  return out;
}

/** The text of an extracted page (expected.html): tags out, common entities decoded, spaces collapsed. */
export function pageText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&[a-z#0-9]+;/gi, ' ')
    .replace(/\s+/g, ' ');
}

/** Sentences of 30 to 600 characters (shorter ones are headings and captions). */
export function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/).filter((s) => s.length >= 30 && s.length <= 600).map((s) => s.trim());
}

/** A small fast PRNG (mulberry32) so the documents are the same in every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeDocs(count: number, bytes: number, seed = 1): BenchDoc[] {
  const pool = sentences();
  const rand = random(seed);
  const pick = () => pool[Math.floor(rand() * pool.length)]!;
  const docs: BenchDoc[] = [];
  for (let i = 0; i < count; i++) {
    let body = '';
    while (body.length < bytes) body += (body ? ' ' : '') + pick();
    docs.push({ id: i.toString(16).padStart(16, '0'), title: pick().slice(0, 90), body });
  }
  return docs;
}
