// Every real feed in ../shared/corpus/feeds/ parses or fails with a clear TidingsError; none
// crashes. The corpus is not part of the project: these tests are skipped when it is absent.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TidingsError } from '../../src/errors.js';
import { parseFeed } from '../../src/feeds/index.js';
import { decodeBody } from '../../src/net/index.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus/feeds');
const present = existsSync(CORPUS);
const files = present
  ? readdirSync(CORPUS).flatMap((dir) => readdirSync(path.join(CORPUS, dir)).filter((f) => !f.endsWith('_expected.json')).map((f) => path.join(dir, f)))
  : [];

describe.skipIf(!present)(`corpus feeds (${present ? CORPUS : 'corpus folder missing: skipped'})`, () => {
  it('has the feeds the README promises', () => {
    expect(files.length).toBeGreaterThanOrEqual(35);
  });

  it.each(files)('%s parses or gives a clear error', async (file) => {
    const text = decodeBody(readFileSync(path.join(CORPUS, file)), null, 'xml');
    const url = `https://corpus.example/${file}`;
    try {
      const feed = await parseFeed(text, url);
      for (const item of feed.items) {
        expect(item.link === null || /^https?:\/\//.test(item.link)).toBe(true);
        expect(item.published === null || !Number.isNaN(Date.parse(item.published))).toBe(true);
        expect(item.categories.every((c) => typeof c === 'string' && c.length > 0)).toBe(true);
      }
    } catch (error) {
      expect(error).toBeInstanceOf(TidingsError);
      expect((error as Error).message.startsWith(`feeds: ${url}: `)).toBe(true);
    }
  });

  it('reads the ISO-8859-1 feed as correct Portuguese', async () => {
    const text = decodeBody(readFileSync(path.join(CORPUS, 'rss-parser/encoding.rss')), null, 'xml');
    const feed = await parseFeed(text, 'https://corpus.example/encoding.rss');
    expect(feed.title).toBe('Jornal de Notícias - Últimas Notícias');
  });

  it('reads the JSON Feed samples, 1.0 and 1.1', async () => {
    for (const name of ['json10_full.json', 'json11_full.json']) {
      const feed = await parseFeed(readFileSync(path.join(CORPUS, 'jsonfeed', name), 'utf8'), `https://corpus.example/${name}`);
      expect(feed.format).toBe('json');
      expect(feed.items.length).toBeGreaterThan(0);
    }
  });
});
