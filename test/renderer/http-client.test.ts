// The renderer's HTTP client against the real browser-mode server (in-process, 127.0.0.1):
// calls return the archive's answer, errors arrive as one readable message with their kind,
// a missing trailing argument is not sent as null, and a wrong token says what to do.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { type RunningServer, startServer } from '../../src/server/index.js';
import { createHttpClient, withoutTrailingUndefined } from '../../renderer/src/client/http.js';
import { ArchiveError } from '../../renderer/src/client/types.js';

let dir: string;
let archive: Archive;
let server: RunningServer;
let baseUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-client-'));
  archive = await openArchive(dir);
  server = await startServer(archive, { staticDir: dir });
  baseUrl = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  await archive.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('createHttpClient', () => {
  it('returns what the archive returns', async () => {
    const client = createHttpClient({ baseUrl, token: server.token, EventSource: null });
    const page = await client.listArticles({ limit: 5 });
    expect(page).toEqual(await archive.listArticles({ limit: 5 }));
    const seed = page.items[0]!;
    const detail = await client.getArticle(seed.id);
    expect(detail.text).toContain('Musk');
  });

  it('turns an error answer into an ArchiveError with the message and kind', async () => {
    const client = createHttpClient({ baseUrl, token: server.token, EventSource: null });
    const error = await client.getArticle('0123456789abcdef').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as ArchiveError).kind).toBe('not-found');
    expect((error as ArchiveError).message).toContain('0123456789abcdef');
    const invalid = await client.listArticles({ limit: -1 }).catch((e: unknown) => e);
    expect((invalid as ArchiveError).kind).toBe('invalid');
  });

  it('leaves out trailing undefined arguments instead of sending null', async () => {
    expect(withoutTrailingUndefined(['a', undefined, 'b', undefined, undefined])).toEqual(['a', undefined, 'b']);
    const client = createHttpClient({ baseUrl, token: server.token, EventSource: null });
    const page = await client.search('gpu', undefined);
    expect(page.total).toBe(1);
  });

  it('says how to get in when the token is wrong', async () => {
    const client = createHttpClient({ baseUrl, token: 'not-the-token', EventSource: null });
    await expect(client.stats()).rejects.toThrow(/tidings serve/);
  });

  it('says so when the server cannot be reached', async () => {
    const client = createHttpClient({ baseUrl: 'http://127.0.0.1:9', token: server.token, EventSource: null });
    await expect(client.stats()).rejects.toThrow(/cannot be reached/);
  });

  it('sends the small writes made when the page goes away (read marks, your place, deletes) with keepalive, so they outlive it', async () => {
    const sent: [string, RequestInit][] = [];
    const fetch = (async (url: string, init: RequestInit) => {
      sent.push([url.slice(url.lastIndexOf('/') + 1), init]);
      return new Response(JSON.stringify({ result: null }), { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    const client = createHttpClient({ baseUrl, token: server.token, EventSource: null, fetch });
    await client.setRead(['a'], true);
    await client.setReadingProgress('a', 0.5);
    await client.deleteArticles(['a']);
    await client.listArticles({ limit: 1 });
    // A body past the browser's keepalive budget (64 KiB in flight) goes without it rather than failing.
    await client.setRead(Array.from({ length: 5000 }, (_, i) => `${'x'.repeat(20)}${i}`), true);
    expect(sent.map(([method, init]) => [method, init.keepalive === true])).toEqual([
      ['setRead', true], ['setReadingProgress', true], ['deleteArticles', true], ['listArticles', false], ['setRead', false],
    ]);
  });

  it('builds asset URLs with the token', () => {
    const client = createHttpClient({ baseUrl, token: 'abc', EventSource: null });
    expect(client.assetUrl(`${'a'.repeat(64)}.png`)).toBe(`${baseUrl}/assets/${'a'.repeat(64)}.png?token=abc`);
  });
});
