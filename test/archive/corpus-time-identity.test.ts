// Every feed of ../shared/corpus stored into one archive, the way a user subscribing to all of
// them would: each feed keeps every distinct item (none lost to another feed sharing its link),
// lists them newest first by publication date with ties in feed order (undated items on top, as
// first seen), and "Today" holds only what was published today or carries no usable date.

import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive, ArticleSummary } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { parseFeed, type ParsedItem } from '../../src/feeds/index.js';
import { normalizeUrl } from '../../src/model/identity.js';
import { type LocalServer, startServer } from '../net/local-server.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus/feeds');
const present = existsSync(CORPUS);
if (!present) console.warn(`skipped: no feed corpus at ${CORPUS}`);

const files = present
  ? readdirSync(CORPUS).flatMap((d) => readdirSync(path.join(CORPUS, d)).filter((f) => !f.endsWith('_expected.json')).map((f) => `${d}/${f}`)).sort()
  : [];

/** One item as the user would tell it apart: its guid, else its link and title, else its title (or having none). */
const keyOf = (x: { guid: string | null; link: string | null; title: string }) => {
  const title = x.title.replace(/\s+/g, ' ').trim().toLowerCase();
  return x.guid ? `g${x.guid.trim()}` : x.link ? `l${normalizeUrl(x.link)}\n${title}` : `t${title === '(untitled)' ? '' : title}`;
};
const keyOfArticle = (a: ArticleSummary) => keyOf({ guid: a.guid, link: a.url, title: a.title });

let dir: string;
let archive: Archive;
let server: LocalServer;
const results: { file: string; identity: boolean | null; time: boolean | null; note: string }[] = [];

beforeAll(async () => {
  if (!present) return;
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-corpus-time-'));
  archive = await openArchive(dir);
  // Time order and identity only: the corpus items' images and pages are on the web, which a
  // test must not reach (and where they are not, each waits for its time limit).
  await archive.updateSettings({ downloadImages: false });
  server = await startServer((req, res) => {
    const file = decodeURIComponent((req.url ?? '/').slice(1));
    const type = file.endsWith('.json') ? 'application/feed+json' : 'application/xml';
    // Not a corpus file (the feed icon lookup asks for /favicon.ico): 404, never a throw.
    if (!files.includes(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': type }).end(readFileSync(path.join(CORPUS, file)));
  });
});

afterAll(async () => {
  if (!present) return;
  await archive.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  const passed = (k: 'identity' | 'time') => results.filter((r) => r[k] === true).length;
  const judged = (k: 'identity' | 'time') => results.filter((r) => r[k] !== null).length;
  console.log(`corpus: identity ${passed('identity')}/${judged('identity')}, time order and Today ${passed('time')}/${judged('time')}`);
  for (const r of results.filter((x) => x.identity === false || x.time === false)) console.log(`  ${r.file}: ${r.note}`);
});

/** The order the list must show: by date to the second, newest first; first-seen items now; ties in feed order. */
function expectedOrder(items: ParsedItem[], now: string): string[] {
  const dated = items.map((item, index) => ({ key: keyOf(item), at: item.published && item.published <= now ? item.published.slice(0, 19) : '~', index }));
  return dated.sort((a, b) => (a.at === b.at ? a.index - b.index : a.at < b.at ? 1 : -1)).map((x) => x.key);
}

describe.skipIf(!present)('the feed corpus in one archive', () => {
  it.each(files)('%s', async (file) => {
    const url = server.url(`/${encodeURIComponent(file)}`);
    const body = readFileSync(path.join(CORPUS, file), 'latin1');
    const parsed = await parseFeed(body, url).catch(() => null);
    // Not a feed (a "document moved" page): adding it would only try discovery on the web.
    const result = parsed ? await archive.addFeed(url, { fullText: 'never' }).catch(() => null) : null;
    if (!parsed || !result || result.status !== 'added') {
      results.push({ file, identity: null, time: null, note: 'not a feed we add' });
      return;
    }
    const now = new Date().toISOString();
    const distinct = new Map<string, ParsedItem>();
    for (const item of parsed.items) {
      const key = keyOf(item);
      if (!distinct.has(key)) distinct.set(key, item);
    }
    const listed = (await archive.listArticles({ feedId: result.feed.id, limit: 1000 })).items;
    const stored = new Set(listed.map(keyOfArticle));
    const lost = [...distinct.keys()].filter((k) => !stored.has(k));
    const identity = lost.length === 0;
    const order = expectedOrder([...distinct.values()].filter((i) => stored.has(keyOf(i))), now);
    const midnight = new Date();
    midnight.setHours(0, 0, 0, 0);
    const todayWanted = [...distinct.values()].filter((i) => stored.has(keyOf(i)) && (!i.published || i.published > now || i.published >= midnight.toISOString())).length;
    const today = (await archive.listArticles({ feedId: result.feed.id, view: 'today', limit: 1 })).total;
    const time = today === todayWanted && JSON.stringify(listed.map(keyOfArticle)) === JSON.stringify(order);
    results.push({ file, identity, time, note: `${lost.length} of ${distinct.size} items lost; Today ${today} (want ${todayWanted}); order ${time ? 'ok' : 'differs'}` });
    expect({ identity, time }).toEqual({ identity: true, time: true });
  });
});
