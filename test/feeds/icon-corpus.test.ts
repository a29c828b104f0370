// Feed icons on real input: every feed of ../shared/corpus that names a channel image, an Atom
// icon or logo, or a JSON Feed favicon or icon gives it, and every page of the corpus with a
// <link rel=...icon> gives one; no URL that is not http(s), none invented (its file part is in
// the text). The corpus is not part of the project: without it these tests are skipped.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedIconUrls, pageIconUrls } from '../../src/feeds/icon.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus');
const present = existsSync(path.join(CORPUS, 'feeds')) && existsSync(path.join(CORPUS, 'pages'));
const where = present ? CORPUS : 'corpus folder missing: skipped';

/** A crude, independent oracle: does the text name a feed-level image at all? */
const DECLARES_FEED_ICON = /<image[^>]*>\s*<(?:title|url|link)|<icon>|<logo>|"favicon"|"icon"/;
const DECLARES_PAGE_ICON = /<link[^>]+rel=["']?[^"'>]*icon/i;

function fileName(url: string): string {
  const name = decodeURI(new URL(url).pathname).split('/').pop() ?? '';
  return name;
}

describe.skipIf(!present)(`feed icons in the corpus (${where})`, () => {
  it('finds the icon of every feed that names one, and only names from the text', () => {
    const dirs = ['feeds/rss-parser', 'feeds/jsonfeed'].map((d) => path.join(CORPUS, d)).filter(existsSync);
    let declared = 0;
    let found = 0;
    for (const dir of dirs) {
      for (const file of readdirSync(dir).filter((f) => !f.includes('_expected'))) {
        const text = readFileSync(path.join(dir, file), 'utf8');
        const urls = feedIconUrls(text, `https://corpus.example/${file}`);
        if (DECLARES_FEED_ICON.test(text)) declared++;
        if (urls.length > 0) found++;
        expect(urls.length > 0, file).toBe(DECLARES_FEED_ICON.test(text));
        for (const url of urls) {
          expect(url).toMatch(/^https?:\/\//);
          expect(text, `${file}: ${url}`).toContain(fileName(url));
        }
      }
    }
    expect(declared).toBeGreaterThan(15);
    expect(found).toBe(declared);
  });

  it("finds an icon link on every page that has one, and it is the page's own", () => {
    let declared = 0;
    for (const page of readdirSync(path.join(CORPUS, 'pages'))) {
      const file = path.join(CORPUS, 'pages', page, 'source.html');
      if (!existsSync(file)) continue;
      const html = readFileSync(file, 'utf8');
      const urls = pageIconUrls(html, `https://corpus.example/${page}/`);
      if (DECLARES_PAGE_ICON.test(html)) declared++;
      expect(urls.length > 0, page).toBe(DECLARES_PAGE_ICON.test(html));
      for (const url of urls) {
        expect(url).toMatch(/^https?:\/\//);
        expect(url).not.toMatch(/\.svg/i);
        expect(html, `${page}: ${url}`).toContain(fileName(url));
      }
    }
    expect(declared).toBeGreaterThan(20);
  });
});
