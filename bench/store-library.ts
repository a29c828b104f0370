// A library.json of any size, written straight into a data directory, for the store benchmark.
// Opening an archive needs only library.json (bodies are read from articles/ when shown, and
// search indexes whatever text it finds), so the bodies are not written: the benchmark measures
// the metadata store. Records vary the way a real archive's do (feed items with and without
// enclosures, saved pages, tags, long and short titles) so the JSON has a realistic size.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ArticleRecord, Feed, LibraryData } from '../src/model/index.js';
import { SCHEMA_VERSION } from '../src/store/index.js';
import { defaultSettings } from '../src/store/defaults.js';

const HOUR = 3_600_000;
const WORDS = ['market', 'climate', 'release', 'election', 'research', 'security', 'football', 'museum', 'budget', 'vaccine', 'browser', 'river'];

export function generateLibrary(articleCount: number, feedCount: number, now = Date.now()): LibraryData {
  const feeds = generateFeeds(feedCount, now);
  const feedIds = Object.keys(feeds);
  const articles: Record<string, ArticleRecord> = {};
  for (let i = 0; i < articleCount; i++) {
    const record = i % 40 === 39 ? savedPage(i, now) : feedItem(i, feedIds[i % feedIds.length]!, now);
    articles[record.id] = record;
  }
  return { schemaVersion: SCHEMA_VERSION, settings: defaultSettings(), feeds, articles, tombstones: {}, rules: [], savedSearches: [], seeded: true };
}

/** Writes the library into dataDir and answers its size in bytes. */
export function writeLibrary(dataDir: string, data: LibraryData): number {
  const text = JSON.stringify(data);
  writeFileSync(path.join(dataDir, 'library.json'), text);
  return Buffer.byteLength(text);
}

/** The id the store would give article number i: 16 hex digits. */
export function articleId(i: number): string {
  return i.toString(16).padStart(16, '0');
}

function generateFeeds(count: number, now: number): Record<string, Feed> {
  const feeds: Record<string, Feed> = {};
  for (let f = 0; f < count; f++) {
    const id = `feed${String(f).padStart(12, '0')}`;
    const at = new Date(now - (f % 24) * HOUR).toISOString();
    feeds[id] = {
      id, url: `https://site-${f}.example.com/feed.xml`, siteUrl: `https://site-${f}.example.com/`, title: `Site number ${f}`,
      folder: f % 3 === 0 ? 'News' : f % 3 === 1 ? 'Tech' : null, fetchFullArticle: f % 5 === 0, refreshMinutes: null, retentionDays: null,
      http: { etag: `"etag-${f}"`, lastModified: new Date(now).toUTCString(), bodyHash: hex(f, 64) },
      createdAt: new Date(now - 400 * 24 * HOUR).toISOString(), lastFetchedAt: at, lastSuccessAt: at, lastError: null, errorCount: 0,
      nextFetchAt: new Date(now + HOUR).toISOString(), gone: false,
    };
  }
  return feeds;
}

function feedItem(i: number, feedId: string, now: number): ArticleRecord {
  const published = now - i * HOUR;
  const podcast = i % 25 === 0;
  return {
    ...content(i, published),
    source: 'feed', feedId, guid: `https://site.example.com/posts/${i}`,
    enclosures: podcast ? [{ url: `https://cdn.example.com/episodes/${i}.mp3`, type: 'audio/mpeg', length: 40_000_000 + i }] : [],
    suggestedTags: i % 2 === 0 ? ['news', WORDS[i % WORDS.length]!] : [],
    feedRank: Math.floor(published / 1000) * 100_000 - (i % 30),
    rawHash: hex(i, 64),
    read: i % 3 !== 0, starred: i % 50 === 0, tags: i % 10 === 0 ? ['keep', WORDS[i % WORDS.length]!] : [],
    savedAt: null, addedAt: new Date(published + 600_000).toISOString(),
  };
}

function savedPage(i: number, now: number): ArticleRecord {
  const saved = now - i * HOUR;
  return {
    ...content(i, saved - 48 * HOUR),
    source: 'url', feedId: null, guid: null, enclosures: [], suggestedTags: [],
    read: i % 2 === 0, starred: i % 4 === 0, tags: ['read-later', WORDS[i % WORDS.length]!],
    savedAt: new Date(saved).toISOString(), addedAt: new Date(saved).toISOString(),
  };
}

/** The fields every article has, of lengths that vary the way real titles and excerpts do. */
function content(i: number, published: number): Omit<ArticleRecord, 'source' | 'feedId' | 'guid' | 'enclosures' | 'suggestedTags' | 'read' | 'starred' | 'tags' | 'savedAt' | 'addedAt'> {
  const word = WORDS[i % WORDS.length]!;
  const words = 300 + ((i * 37) % 2500);
  return {
    id: articleId(i),
    url: `https://site-${i % 100}.example.com/${new Date(published).toISOString().slice(0, 10)}/${word}-story-number-${i}`,
    title: `The ${word} story number ${i}${i % 3 === 0 ? ': what it means for the months ahead, explained' : ''}`,
    byline: i % 4 === 0 ? null : `Writer ${i % 300}`, siteName: `Site number ${i % 100}`, lang: i % 9 === 0 ? 'de' : 'en',
    publishedAt: new Date(published).toISOString(),
    excerpt: `An excerpt about the ${word} that tells the reader what article ${i} is about, so the list can show it without reading the body from its own file. `.repeat(1 + (i % 2)),
    wordCount: words, readingMinutes: Math.max(1, Math.round(words / 230)),
    leadImage: i % 2 === 0 ? `tidings-asset:${hex(i + 7, 64)}.jpg` : null,
    contentHash: hex(i + 3, 64),
    extraction: { status: i % 5 === 0 ? 'done' : 'feed', reason: null, attempts: i % 5 === 0 ? 1 : 0, at: new Date(published + 60_000).toISOString() },
  };
}

/** A deterministic lowercase hex string of the given length (stands in for sha256 values). */
function hex(seed: number, length: number): string {
  const unit = (seed >>> 0).toString(16).padStart(8, '0');
  return unit.repeat(Math.ceil(length / 8)).slice(0, length);
}
