// The store at 20,000 articles: a mutation as the caller sees it, one flush against the baseline
// of JSON.stringify + writeFile of the same data, and the time to open the archive.

import { promises as fs, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openArchive } from '../../src/api.js';
import type { ArticleRecord, Feed, LibraryData } from '../../src/model/index.js';
import { SCHEMA_VERSION } from '../../src/store/index.js';
import { defaultSettings } from '../../src/store/defaults.js';
import { ms, percentile, round, type Scenario } from '../harness.js';

const ARTICLES = 20_000;
const FEEDS = 100;
const MUTATIONS = 1000;
const FLUSHES = 10;

const scenario: Scenario = {
  name: 'store',
  description: `library.json with ${ARTICLES.toLocaleString('en')} articles and ${FEEDS} feeds (metadata only; bodies live in articles/).`,
  async run(workDir) {
    const dataDir = path.join(workDir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const data = generate();
    writeFileSync(path.join(dataDir, 'library.json'), JSON.stringify(data));
    const bytes = (await fs.stat(path.join(dataDir, 'library.json'))).size;

    // Let the search index be built once (it is derived data, built on a worker when missing),
    // so what follows measures the store in the steady state a user lives in.
    const first = await openArchive(dataDir);
    await first.search('headline');
    await first.close();

    const opens: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = process.hrtime.bigint();
      const archive = await openArchive(dataDir);
      opens.push(ms(start));
      await archive.close();
    }

    const archive = await openArchive(dataDir);
    const ids = Object.keys(data.articles);
    const latencies: number[] = [];
    for (let i = 0; i < MUTATIONS; i++) {
      const id = ids[(i * 7919) % ids.length]!;
      const start = process.hrtime.bigint();
      if (i % 2 === 0) await archive.setRead([id], i % 4 === 0);
      else await archive.tagArticles([id], [`tag-${i % 50}`]);
      latencies.push(ms(start));
    }

    const flushes: number[] = [];
    for (let i = 0; i < FLUSHES; i++) {
      await archive.setStarred([ids[i]!], true);
      const start = process.hrtime.bigint();
      await archive.flush();
      flushes.push(ms(start));
    }
    await archive.close();

    const baselineFile = path.join(workDir, 'baseline.json');
    const current = JSON.parse(await fs.readFile(path.join(dataDir, 'library.json'), 'utf8')) as LibraryData;
    const baselines: number[] = [];
    for (let i = 0; i < FLUSHES; i++) {
      const start = process.hrtime.bigint();
      await fs.writeFile(baselineFile, JSON.stringify(current));
      baselines.push(ms(start));
    }

    const p95 = percentile(latencies, 95);
    const flush = percentile(flushes, 50);
    const baseline = percentile(baselines, 50);
    const open = percentile(opens, 50);
    return {
      scenario: 'store',
      description: scenario.description,
      metrics: [
        { name: 'library.json size', value: round(bytes / 1024 / 1024, 1), unit: 'MB' },
        { name: 'mutation latency p50', value: round(percentile(latencies, 50), 3), unit: 'ms' },
        { name: 'mutation latency p95', value: round(p95, 3), unit: 'ms', goal: '< 5 ms', pass: p95 < 5 },
        { name: 'one flush (median of 10)', value: round(flush, 1), unit: 'ms', baseline: round(baseline, 1), goal: '<= 1.5x stringify+write', pass: flush <= 1.5 * baseline },
        { name: 'flush / baseline', value: round(flush / baseline, 2), unit: 'x' },
        { name: 'open (median of 3)', value: round(open, 0), unit: 'ms', goal: '< 1000 ms', pass: open < 1000 },
      ],
      notes: ['A flush is atomic: temp file, fsync, rename, fsync of the folder; the baseline is a plain writeFile without fsync.'],
    };
  },
};

export default scenario;

function generate(): LibraryData {
  const feeds: Record<string, Feed> = {};
  for (let f = 0; f < FEEDS; f++) {
    const id = `feed${String(f).padStart(12, '0')}`;
    feeds[id] = {
      id, url: `https://site-${f}.example.com/feed.xml`, siteUrl: `https://site-${f}.example.com/`, title: `Site number ${f}`,
      folder: f % 3 === 0 ? 'News' : null, fetchFullArticle: false, refreshMinutes: null, retentionDays: null,
      http: { etag: `"etag-${f}"`, lastModified: new Date().toUTCString(), bodyHash: 'a'.repeat(64) },
      createdAt: new Date().toISOString(), lastFetchedAt: null, lastSuccessAt: null, lastError: null, errorCount: 0, nextFetchAt: null, gone: false,
    };
  }
  const feedIds = Object.keys(feeds);
  const articles: Record<string, ArticleRecord> = {};
  for (let i = 0; i < ARTICLES; i++) {
    const id = i.toString(16).padStart(16, '0');
    const feedId = feedIds[i % FEEDS]!;
    articles[id] = {
      id, source: 'feed', feedId, guid: `https://site.example.com/posts/${i}`, url: `https://site.example.com/posts/${i}-a-readable-slug-for-the-post`,
      title: `A headline of ordinary length for article number ${i}`, byline: 'Jane Writer', siteName: 'Example Site', lang: 'en',
      publishedAt: new Date(Date.now() - i * 3_600_000).toISOString(),
      excerpt: 'An excerpt of about two hundred characters that tells the reader what the article is about, so that the list can show it without reading the body from its own file on disk.',
      wordCount: 800 + (i % 900), readingMinutes: 4, leadImage: `tidings-asset:${'b'.repeat(64)}.jpg`, enclosures: [], suggestedTags: ['news', 'tech'],
      contentHash: 'c'.repeat(64), extraction: { status: 'done', reason: null, attempts: 1, at: new Date().toISOString() },
      read: i % 3 === 0, starred: i % 50 === 0, tags: i % 10 === 0 ? ['keep'] : [], savedAt: null, addedAt: new Date().toISOString(),
    };
  }
  return { schemaVersion: SCHEMA_VERSION, settings: defaultSettings(), feeds, articles, tombstones: {}, rules: [], savedSearches: [], seeded: true };
}
