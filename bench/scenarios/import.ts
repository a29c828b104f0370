// import: a Pocket CSV of URLs served from 127.0.0.1 (pages of ../shared/corpus/pages).
// (a) records: importLibrary of 10,000 rows until it answers (every record made, indexed).
// (b) extraction: N imported pages fetched and extracted through our queue (per-host limits and
//     gaps included: the pages are spread over four loopback addresses, 127.0.0.1-4), against a
//     baseline in the same run: fetch() one page after another + new JSDOM + Readability.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openArchive } from '../../src/archive/index.js';
import { round, type Scenario, type ScenarioResult } from '../harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.resolve(root, '../shared/corpus/pages');
const ROWS = 10_000;
const HOSTS = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'];

function loadPages(): string[] {
  return readdirSync(CORPUS).filter((d) => existsSync(path.join(CORPUS, d, 'source.html'))).sort().map((d) => readFileSync(path.join(CORPUS, d, 'source.html'), 'utf8'));
}

async function serve(host: string, pages: string[]): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const n = Number(/^\/p\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1);
    if (n < 0) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(pages[n % pages.length]);
  });
  // The baseline parses between requests for longer than the default keep-alive (5 s).
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, base: `http://${host}:${(server.address() as AddressInfo).port}` };
}

function pocketCsv(file: string, urls: string[]): void {
  const rows = urls.map((u, i) => `Article ${i},${u},${1_600_000_000 + i},bench,unread`);
  writeFileSync(file, ['title,url,time_added,tags,status', ...rows].join('\n') + '\n');
}

async function baseline(urls: string[]): Promise<number> {
  const { JSDOM, VirtualConsole } = await import('jsdom');
  const virtualConsole = new VirtualConsole();
  const { Readability } = await import('@mozilla/readability');
  const started = performance.now();
  for (const url of urls) {
    const html = await (await fetch(url)).text();
    const doc = new JSDOM(html, { url, virtualConsole }).window.document;
    new Readability(doc).parse();
  }
  return (performance.now() - started) / 1000;
}

const scenario: Scenario = {
  name: 'import',
  description: `Import of a ${ROWS.toLocaleString('en-US')}-row Pocket CSV (time until the records exist), and extraction of imported pages from 127.0.0.1 servers through our queue (polite: 2 per host, 250 ms between starts on one host, 4 in all; 4 loopback hosts) vs fetch + JSDOM + Readability one after another.`,
  async run(workDir): Promise<ScenarioResult> {
    if (!existsSync(CORPUS)) return { scenario: 'import', description: 'skipped: ../shared/corpus/pages is missing', metrics: [] };
    const pages = loadPages();
    const servers = await Promise.all(HOSTS.map((h) => serve(h, pages)));
    try {
      // (a) records for 10,000 rows; the background fetching is not waited for.
      const bulk = path.join(workDir, 'bulk.csv');
      pocketCsv(bulk, Array.from({ length: ROWS }, (_, i) => `${servers[i % servers.length]!.base}/p/${i}`));
      let archive = await openArchive(path.join(workDir, 'a'));
      let started = performance.now();
      const result = await archive.importLibrary(bulk);
      const recordsSeconds = (performance.now() - started) / 1000;
      await archive.close();

      // (b) N pages, each corpus page once per host.
      const urls = servers.flatMap((s) => pages.map((_, i) => `${s.base}/p/${i}`));
      const small = path.join(workDir, 'small.csv');
      pocketCsv(small, urls);
      archive = await openArchive(path.join(workDir, 'b'));
      started = performance.now();
      await archive.importLibrary(small);
      const status = await archive.waitForImports(3_600);
      const oursSeconds = (performance.now() - started) / 1000;
      await archive.close();
      const baseSeconds = await baseline(urls);
      const ours = round((status.done + status.failed) / oursSeconds, 1);
      const base = round(urls.length / baseSeconds, 1);
      return {
        scenario: 'import',
        description: scenario.description,
        metrics: [
          { name: `records for ${ROWS.toLocaleString('en-US')} rows`, value: round(recordsSeconds, 2), unit: 's', goal: '< 10 s', pass: recordsSeconds < 10 },
          { name: `pages extracted (${urls.length})`, value: ours, unit: 'pages/s', baseline: base },
        ],
        notes: [`${result.added} records made; ${status.done} pages extracted, ${status.failed} failed`, 'Ours is capped by politeness (per-host gap), not by the machine: a real import is spread over many hosts.'],
      };
    } finally {
      await Promise.all(servers.map((s) => new Promise((resolve) => s.server.close(resolve))));
    }
  },
};

export default scenario;
