// The front ends' cost per call at 20,000 articles: a page of 100 list rows and a 10,000-id
// setRead, called directly on the archive (the baseline), through the Electron IPC wrapper
// (contract check, reply envelope, and the structured clone IPC makes of the reply), and over
// browser mode's HTTP API on 127.0.0.1 (contract, JSON both ways, token and Host checks).

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openArchive } from '../../src/archive/index.js';
import type { ArticleRecord, LibraryData } from '../../src/model/index.js';
import { startServer } from '../../src/server/index.js';
import { SCHEMA_VERSION } from '../../src/store/index.js';
import { defaultSettings } from '../../src/store/defaults.js';
import { answer } from '../../electron/ipc.js';
import { isAppUrl } from '../../electron/security.js';
import { type Metric, type Scenario, ms, percentile, round } from '../harness.js';

const ARTICLES = 20_000;
const RUNS = 200;
const BULK_IDS = 10_000;

const scenario: Scenario = {
  name: 'shell',
  description: `Cost of a call through the Electron IPC wrapper and through browser mode's HTTP API, against calling the archive directly, at ${ARTICLES.toLocaleString('en')} articles: a list page of 100 rows and setRead of ${BULK_IDS.toLocaleString('en')} ids.`,
  async run(workDir) {
    const dataDir = path.join(workDir, 'data');
    writeLibrary(dataDir);
    const archive = await openArchive(dataDir);
    const server = await startServer(archive, { staticDir: workDir });
    const event = { senderFrame: { url: 'app://tidings/index.html' } };
    const options = { isTrustedUrl: isAppUrl };
    const http = async (method: string, args: unknown[]) => {
      const res = await fetch(`http://127.0.0.1:${server.port}/api/call/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
        body: JSON.stringify(args),
      });
      return res.json();
    };
    const query = { view: 'all' as const, offset: ARTICLES / 2, limit: 100 };
    const bulk = Array.from({ length: BULK_IDS }, (_, i) => (i * 2).toString(16).padStart(16, '0'));
    try {
      // Let the search index finish building first, so background work does not skew one front end.
      await archive.search('headline', { limit: 1 });
      const page = await timeInTurn({
        direct: () => archive.listArticles(query),
        ipc: async () => structuredClone(await answer(archive, 'listArticles', event, [query], options)),
        http: () => http('listArticles', [query]),
      });
      let flip = false;
      const read = await timeInTurn({
        direct: () => archive.setRead(bulk, (flip = !flip)),
        ipc: async () => structuredClone(await answer(archive, 'setRead', event, [bulk, (flip = !flip)], options)),
        http: () => http('setRead', [bulk, (flip = !flip)]),
      }, 20);
      const metrics: Metric[] = [
        ...figures('list page of 100', page, 100),
        ...figures(`setRead ${BULK_IDS.toLocaleString('en')} ids`, read, 500),
      ];
      return { scenario: 'shell', description: scenario.description, metrics, notes: [`p50 of ${RUNS} calls for the list page, 20 for setRead; HTTP through Node's fetch on the same machine.`] };
    } finally {
      await server.close();
      await archive.close();
    }
  },
};

export default scenario;

type Timings = { direct: number[]; ipc: number[]; http: number[] };

/** p50 and p95 of each front end, with the direct call as baseline and a goal on p95: a list page
 *  under 100 ms feels instant; a bulk change of 10,000 articles may take a moment, not seconds. */
function figures(what: string, t: Timings, goalMs: number): Metric[] {
  const direct = percentile(t.direct, 50);
  const out: Metric[] = [];
  for (const front of ['ipc', 'http'] as const) {
    const p50 = percentile(t[front], 50);
    const p95 = percentile(t[front], 95);
    out.push({ name: `${what}, ${front} p50`, value: round(p50, 3), unit: 'ms', baseline: round(direct, 3) });
    out.push({ name: `${what}, ${front} p95`, value: round(p95, 3), unit: 'ms', goal: `< ${goalMs} ms`, pass: p95 < goalMs });
    out.push({ name: `${what}, ${front} added per call (p50)`, value: round(p50 - direct, 3), unit: 'ms' });
  }
  return out;
}

/** Time the three front ends in turn, call after call, so load on the machine hits them alike. */
async function timeInTurn(calls: Record<keyof Timings, () => Promise<unknown>>, runs = RUNS): Promise<Timings> {
  const samples: Timings = { direct: [], ipc: [], http: [] };
  for (let i = 0; i < runs + 5; i++) {
    for (const front of ['direct', 'ipc', 'http'] as const) {
      const start = process.hrtime.bigint();
      await calls[front]();
      if (i >= 5) samples[front].push(ms(start));
    }
  }
  return samples;
}

/** library.json with ARTICLES feed-less saved articles, written directly (the API would take minutes). */
function writeLibrary(dataDir: string): void {
  mkdirSync(path.join(dataDir, 'articles'), { recursive: true });
  mkdirSync(path.join(dataDir, 'assets'), { recursive: true });
  const now = Date.now();
  const articles: Record<string, ArticleRecord> = {};
  for (let i = 0; i < ARTICLES; i++) {
    const id = i.toString(16).padStart(16, '0');
    const at = new Date(now - i * 600_000).toISOString();
    articles[id] = {
      id, source: 'url', feedId: null, guid: null, url: `https://site.example.com/posts/${i}`,
      title: `A headline of ordinary length for article number ${i}`, byline: 'Jane Writer', siteName: 'Example Site', lang: 'en',
      publishedAt: at, excerpt: 'An excerpt of about two hundred characters that tells the reader what the article is about.',
      wordCount: 800, readingMinutes: 4, leadImage: null, enclosures: [], suggestedTags: [], contentHash: null,
      extraction: { status: 'done', reason: null, attempts: 1, at },
      read: false, starred: false, tags: i % 10 === 0 ? ['keep'] : [], savedAt: at, addedAt: at,
    };
  }
  const data: LibraryData = { schemaVersion: SCHEMA_VERSION, settings: defaultSettings(), feeds: {}, articles, tombstones: {}, rules: [], savedSearches: [], seeded: true };
  writeFileSync(path.join(dataDir, 'library.json'), JSON.stringify(data));
}
