// Shared by the import tests: a page server on 127.0.0.1 (counting requests at once per host,
// serving readable pages, dead ones, and a Wayback Machine look-alike), ParsedImport values
// built in code (the parser is mocked in these tests: src/imports is tested on its own), and
// a data folder.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ImportedItem, ParsedImport } from '../../src/imports/index.js';

export const paragraphs = (topic: string) =>
  Array.from({ length: 8 }, (_, i) => `<p>${topic} paragraph ${i + 1}: the council met on a wet Tuesday and agreed, after a long debate, to keep the old library open on Sundays for the whole town.</p>`).join('');

export const page = (title: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs(title)}</article></body></html>`;

export interface PageServer {
  base: string;
  /** The most requests for pages (/p/) ever in progress at once, per Host header. */
  maxAtOnce: Map<string, number>;
  /** Start times of page requests per host (ms). */
  starts: Map<string, number[]>;
  /** Requests seen, by path. */
  hits: string[];
  /** Delay of each page answer (ms). */
  delayMs: number;
  /** The availability API's answer body (Wayback look-alike), or null: none archived. */
  wayback: string | null;
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const now = new Map<string, number>();
  const state: PageServer = { base: '', maxAtOnce: new Map(), starts: new Map(), hits: [], delayMs: 0, wayback: null, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const host = req.headers.host ?? '';
    state.hits.push(url.pathname);
    if (url.pathname.startsWith('/p/')) {
      const at = (now.get(host) ?? 0) + 1;
      now.set(host, at);
      state.maxAtOnce.set(host, Math.max(state.maxAtOnce.get(host) ?? 0, at));
      state.starts.set(host, [...(state.starts.get(host) ?? []), Date.now()]);
      setTimeout(() => {
        now.set(host, (now.get(host) ?? 1) - 1);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page(`Page ${url.pathname.slice(3)}`));
      }, state.delayMs);
      return;
    }
    if (url.pathname === '/wayback/available') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(state.wayback ?? JSON.stringify({ url: url.searchParams.get('url'), archived_snapshots: {} }));
      return;
    }
    if (url.pathname.startsWith('/web/')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Archived copy of a dead page'));
      return;
    }
    if (url.pathname.startsWith('/gone/')) {
      res.writeHead(410, { 'content-type': 'text/plain' });
      res.end('gone');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}

export function item(url: string, extra: Partial<ImportedItem> = {}): ImportedItem {
  return { url, title: null, savedAt: null, tags: [], read: false, starred: false, note: null, highlights: [], content: null, line: null, ...extra };
}

export function parsed(items: ImportedItem[], extra: Partial<ParsedImport> = {}): ParsedImport {
  return { format: 'pocket-csv', items, problems: [], ...extra };
}

export function dataDir(name: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `tidings-${name}-`));
}

/** A file the mocked parser reads back: the ParsedImport as JSON. */
export function exportFile(dir: string, name: string, value: ParsedImport): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

/** The parser's stand-in: JSON of a ParsedImport, else "not a format" (as parseImport says it). */
export async function mockParser(): Promise<Record<string, unknown>> {
  const { TidingsError } = await import('../../src/errors.js');
  // The parsers' own merging of a page listed twice stays real (collect.ts is not the mocked entry).
  const { mergeItems } = await import('../../src/imports/collect.js');
  return {
    mergeItems,
    parseImport: (bytes: Uint8Array, options: { name: string }) => {
      const text = new TextDecoder().decode(bytes);
      if (!text.startsWith('{')) throw new TidingsError('import', options.name, 'not a format Tidings imports', 'invalid');
      return JSON.parse(text) as ParsedImport;
    },
  };
}
