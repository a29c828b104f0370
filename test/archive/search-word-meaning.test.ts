// Search through the archive finds what people mean: GPUs finds GPU, C++ finds only C++, AI
// does not find airplanes, go ranks the documents holding go first; the search box's typing
// mode adds a prefix to the last word only.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { SCHEMA_VERSION } from '../../src/store/index.js';
import { emptyLibrary } from '../../src/store/defaults.js';
import { shortHash } from '../../src/model/identity.js';

const ARTICLES: Record<string, [string, string]> = {
  gpu: ['A GPU review', 'The GPU is fast and quiet.'],
  cpp: ['Learning C++', 'Templates in modern C++ code.'],
  catalan: ['Català', 'Les ces i cas del català, a Catalan text.'],
  ai: ['AI today', 'What AI models can do.'],
  planes: ['Airplanes', 'Airplanes and airsoft guns.'],
  go: ['Go', 'Why go? Go is small.'],
  google: ['Google news', 'Google and good gophers.'],
};

function library(): { dir: string; ids: Record<string, string> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-word-meaning-'));
  mkdirSync(path.join(dir, 'articles'));
  const data = emptyLibrary(SCHEMA_VERSION);
  data.seeded = true;
  const ids: Record<string, string> = {};
  Object.entries(ARTICLES).forEach(([name, [title, text]], i) => {
    const id = shortHash(`word meaning ${name}`);
    ids[name] = id;
    const date = new Date(Date.UTC(2024, 0, 1 + i)).toISOString();
    writeFileSync(path.join(dir, 'articles', `${id}.txt`), text);
    writeFileSync(path.join(dir, 'articles', `${id}.html`), `<p>${text}</p>`);
    data.articles[id] = {
      id, source: 'url', feedId: null, guid: null, url: `https://example.org/${name}`, title, byline: null, siteName: null, lang: 'en',
      publishedAt: date, excerpt: null, wordCount: 5, readingMinutes: 1, leadImage: null, enclosures: [], suggestedTags: [],
      contentHash: shortHash(text), extraction: { status: 'done', reason: null, attempts: 1, at: date },
      read: false, starred: false, tags: [], savedAt: date, addedAt: date,
    };
  });
  writeFileSync(path.join(dir, 'library.json'), JSON.stringify(data));
  return { dir, ids };
}

describe('archive: search finds what people mean', () => {
  const { dir, ids } = library();
  const name = (id: string) => Object.keys(ids).find((k) => ids[k] === id);
  let archive: Archive;
  beforeAll(async () => {
    archive = await openArchive(dir);
  });
  afterAll(async () => {
    await archive.close();
  });
  const found = async (query: string, typing = false) => (await archive.search(query, { typing })).items.map((a) => name(a.id));

  it('GPUs finds the GPU article', async () => {
    expect(await found('GPUs')).toEqual(['gpu']);
  });

  it('C++ finds C++ only, not ces, cas or Catalan', async () => {
    expect(await found('C++')).toEqual(['cpp']);
  });

  it('AI does not find airplanes, even while typing', async () => {
    expect(await found('AI')).toEqual(['ai']);
    expect(await found('ai', true)).toEqual(['ai']);
  });

  it('go finds the articles holding go, not Google', async () => {
    expect(await found('go')).toEqual(['go']);
    expect((await found('goo', true)).sort()).toEqual(['google']);
  });
});
