// Every real feed in ../shared/corpus/feeds/, from its bytes through the real decode and parse
// (parseBody, as a refresh does with no Content-Type), gives text with no U+FFFD and no mojibake
// in any title, author, category, summary or content. The corpus is not part of the project:
// these tests are skipped, and say so, when it is absent.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBody, type ParsedFeed } from '../../src/feeds/index.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus/feeds');
const present = existsSync(CORPUS);
const files = present
  ? readdirSync(CORPUS).flatMap((dir) => readdirSync(path.join(CORPUS, dir)).filter((f) => !f.endsWith('_expected.json')).map((f) => path.join(dir, f)))
  : [];

/** U+FFFD, or UTF-8 read as windows-1252 ("Ã©", "â€™"). */
const MOJIBAKE = /\uFFFD|Ã[\u0080-\u00bf]|â€/;

/** Corpus files whose parse legitimately fails (not a feed); they have no text to check. */
const NOT_FEEDS = new Set(['rss-parser/unrecognized.rss']);

function texts(feed: ParsedFeed): string[] {
  return [feed.title ?? '', ...feed.items.flatMap((item) => [item.title, item.author ?? '', item.summary ?? '', item.contentHtml ?? '', ...item.categories])];
}

describe.skipIf(!present)(`corpus feeds, encodings (${present ? CORPUS : 'corpus folder missing: skipped'})`, () => {
  it.each(files.filter((f) => !NOT_FEEDS.has(f)))('%s has no U+FFFD and no mojibake', async (file) => {
    const feed = await parseBody(readFileSync(path.join(CORPUS, file)), null, `https://corpus.example/${file}`);
    const bad = texts(feed).filter((text) => MOJIBAKE.test(text));
    expect(bad.map((text) => text.slice(Math.max(0, text.search(MOJIBAKE) - 30), text.search(MOJIBAKE) + 30))).toEqual([]);
  });

  it('reads UOL Noticias (Latin-1, no declaration) as Portuguese', async () => {
    const feed = await parseBody(readFileSync(path.join(CORPUS, 'rss-parser/uolNoticias.rss')), null, 'https://corpus.example/uol');
    expect(feed.title).toBe('UOL Noticias');
    expect(texts(feed).join('\n')).toMatch(/prisão por organizar manifestações não autorizadas/);
  });
});
