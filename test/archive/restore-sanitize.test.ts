// Restored HTML is sanitized again (a zip is untrusted), and the round trip must stay byte for
// byte: sanitizing what the extraction stored is a fixed point. Checked on pages of the shared
// corpus (read in place), extracted as a saved page is, with a local image put in as the image
// step would.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreSanitizer } from '../../src/archive/restore.js';
import { Extractor } from '../../src/extract/index.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus/pages');
const PAGES = existsSync(CORPUS) ? readdirSync(CORPUS).filter((p) => existsSync(path.join(CORPUS, p, 'source.html'))).slice(0, 40) : [];
const extractor = new Extractor({ assets: null });
const sanitize = restoreSanitizer((html, baseUrl, network) => extractor.clean(html, baseUrl, { downloadImages: false, network }));

afterAll(() => extractor.close());

describe.skipIf(PAGES.length === 0)('sanitizing stored HTML again changes nothing (corpus at ../shared/corpus/pages)', () => {
  it(`holds for ${PAGES.length} corpus pages`, async () => {
    const changed: string[] = [];
    for (const page of PAGES) {
      const body = readFileSync(path.join(CORPUS, page, 'source.html'), 'utf8');
      const stored = (await extractor.page({ body, contentType: 'text/html', url: `https://example.com/${page}/` }, { downloadImages: false })).html;
      // An image kept offline, as the image step writes it.
      const withLocal = stored.replace(/<p>/, `<p><img src="tidings-asset:${'a'.repeat(64)}.png" alt="">`);
      if ((await sanitize(withLocal)) !== withLocal) changed.push(page);
    }
    expect(changed).toEqual([]);
  }, 120_000);
});

it.skipIf(PAGES.length > 0)('skipped: the shared corpus is not at ../shared/corpus/pages', () => undefined);
