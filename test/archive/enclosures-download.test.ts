// Enclosures kept offline (issue 11 item 6). Off by default: nothing is fetched. On: each new
// item's audio or video enclosure is downloaded into assets/ after the item is stored (the
// refresh does not wait), checked by its magic bytes, and the record points at the copy. A
// failure (too large, not media, a private address named by a public feed) is recorded on the
// enclosure and announced, never silent, and never fails the refresh.

import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Archive, ArchiveEvent } from '../../src/api.js';
import { downloadEnclosure, isPlayable, sniffMedia } from '../../src/archive/enclosures.js';
import { openArchive } from '../../src/archive/index.js';
import { setOriginClassifier } from '../../src/net/index.js';
import { type LocalServer, startServer } from '../net/local-server.js';

/** A valid 0.05 s mono 8 kHz 8-bit WAV: small, and a real file any player accepts. */
export function tinyWav(samples = 400): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples, 40);
  return Buffer.concat([header, Buffer.alloc(samples, 128)]);
}

const WAV = tinyWav();
const MP3 = Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0, 0, 0, 0, 0]), Buffer.alloc(200, 0)]);

let dir: string;
let archive: Archive;
let server: LocalServer;
let hits: Record<string, number>;
let events: ArchiveEvent[];

function feed(items: string): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Pod</title>${items}</channel></rss>`;
}

function episode(guid: string, url: string, type = 'audio/wav', length = WAV.length): string {
  return `<item><title>Episode ${guid}</title><guid>${guid}</guid><description>Notes of ${guid}.</description><enclosure url="${url}" type="${type}" length="${length}"/></item>`;
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-enclosures-'));
  archive = await openArchive(dir);
  events = [];
  archive.on((e) => events.push(e));
  hits = {};
  server = await startServer((req, res) => {
    const url = req.url ?? '';
    hits[url] = (hits[url] ?? 0) + 1;
    if (url.endsWith('/ep.wav')) return void res.writeHead(200, { 'content-type': 'audio/wav' }).end(WAV);
    if (url.endsWith('/page.html')) return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>not audio</body></html>');
    if (url.endsWith('/missing.mp3')) return void res.writeHead(404).end('gone');
    if (url.endsWith('/feed.xml')) {
      const items = [episode('a', server.url('/media/ep.wav')), episode('b', server.url('/media/page.html'), 'audio/mpeg'), episode('c', server.url('/media/missing.mp3'), 'audio/mpeg')];
      return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(items.join('')));
    }
    if (url.endsWith('/back-catalogue.xml')) {
      const items = [1, 2, 3, 4, 5].map((n) => episode(`old${n}`, server.url(`/media/${n}/ep.wav`)).replace('</title>', `</title><pubDate>Tue, 0${n} May 2011 06:00:00 GMT</pubDate>`));
      return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(items.join('')));
    }
    if (url.endsWith('/public-feed.xml')) {
      return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(episode('p', server.url('/media/ep.wav'))));
    }
    res.writeHead(404).end();
  });
});

afterEach(async () => {
  setOriginClassifier(null);
  await archive.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Waits until every audio enclosure of the feed's items has an asset or an error. */
async function settled(feedId: string, count: number) {
  for (let i = 0; i < 200; i++) {
    const { items } = await archive.listArticles({ feedId, limit: 50 });
    const done = items.flatMap((a) => a.enclosures).filter((e) => e.asset !== undefined || e.assetError !== undefined);
    if (items.length === count && done.length === count) return items;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('enclosures never settled');
}

describe('downloading enclosures into the archive', () => {
  it('is off by default: a refresh stores the episodes and fetches no enclosure', async () => {
    expect((await archive.getSettings()).downloadEnclosures ?? false).toBe(false);
    const added = await archive.addFeed(server.url('/feed.xml'));
    if (added.status !== 'added') throw new Error('not added');
    await new Promise((r) => setTimeout(r, 200));
    expect(hits['/media/ep.wav']).toBeUndefined();
    const { items } = await archive.listArticles({ feedId: added.feed.id, limit: 10 });
    expect(items.flatMap((a) => a.enclosures).every((e) => e.asset === undefined && e.assetError === undefined)).toBe(true);
  });

  it('when on, keeps the audio in assets/, and records each failure on its enclosure with a notice', async () => {
    await archive.updateSettings({ downloadEnclosures: true });
    const added = await archive.addFeed(server.url('/feed.xml'));
    if (added.status !== 'added') throw new Error('not added');
    const items = await settled(added.feed.id, 3);
    const byTitle = Object.fromEntries(items.map((a) => [a.title, a.enclosures[0]!]));
    expect(byTitle['Episode a']!.asset).toMatch(/^[0-9a-f]{64}\.wav$/);
    expect(archive.assetPath(byTitle['Episode a']!.asset!)).not.toBeNull();
    expect(byTitle['Episode b']!.asset).toBeUndefined();
    expect(byTitle['Episode b']!.assetError).toMatch(/not an audio or video file/);
    expect(byTitle['Episode c']!.asset).toBeUndefined();
    expect(byTitle['Episode c']!.assetError).toMatch(/HTTP 404/);
    const notices = events.filter((e) => e.type === 'notice' && e.level === 'warning');
    expect(notices).toHaveLength(2);
    // The record survives a reopen (validate.ts keeps asset and assetError).
    await archive.close();
    archive = await openArchive(dir);
    const again = await archive.getArticle(items.find((a) => a.title === 'Episode a')!.id);
    expect(again.enclosures[0]!.asset).toBe(byTitle['Episode a']!.asset);
  });

  it('keeps only the newest episodes of a back catalogue that arrives at once (a subscription)', async () => {
    await archive.updateSettings({ downloadEnclosures: true });
    const added = await archive.addFeed(server.url('/back-catalogue.xml'));
    if (added.status !== 'added') throw new Error('not added');
    await vi.waitFor(() => expect(Object.keys(hits).filter((h) => h.endsWith('/ep.wav')).sort()).toEqual(['/media/3/ep.wav', '/media/4/ep.wav', '/media/5/ep.wav']), { timeout: 10_000 });
    await vi.waitFor(async () => {
      const { items } = await archive.listArticles({ feedId: added.feed.id, limit: 10 });
      expect(items.filter((a) => a.enclosures[0]!.asset).map((a) => a.title).sort()).toEqual(['Episode old3', 'Episode old4', 'Episode old5']);
    }, { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 200));
    expect(Object.keys(hits).filter((h) => h.endsWith('/ep.wav'))).toHaveLength(3);
  });

  it('resumes, at the next open, a download that closing the archive cut short', { timeout: 30_000 }, async () => {
    let serve = false;
    const slow = await startServer((req, res) => {
      if (req.url === '/feed.xml') return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(episode('r', slow.url('/ep.wav'))));
      res.writeHead(200, { 'content-type': 'audio/wav' });
      // The first session's download never finishes; the next one's does.
      if (serve) res.end(WAV);
      else res.write(WAV.subarray(0, 100));
    });
    try {
      await archive.updateSettings({ downloadEnclosures: true });
      const added = await archive.addFeed(slow.url('/feed.xml'));
      if (added.status !== 'added') throw new Error('not added');
      const [item] = (await archive.listArticles({ feedId: added.feed.id, limit: 5 })).items;
      expect(item!.enclosures[0]!.assetPending).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      await archive.close();
      serve = true;
      archive = await openArchive(dir);
      const closed = await archive.getArticle(item!.id);
      expect(closed.enclosures[0]).toMatchObject({ assetPending: true });
      expect(closed.enclosures[0]!.assetError).toBeUndefined();
      await vi.waitFor(async () => expect((await archive.getArticle(item!.id)).enclosures[0]!.asset).toMatch(/\.wav$/), { timeout: 15_000, interval: 100 });
      expect((await archive.getArticle(item!.id)).enclosures[0]!.assetPending).toBeUndefined();
    } finally {
      await slow.close();
    }
  });

  it('refuses an enclosure at a private address named by a feed on the public internet, and says so', async () => {
    setOriginClassifier((url) => (url.pathname.startsWith('/public-feed') ? 'public' : null));
    await archive.updateSettings({ downloadEnclosures: true });
    const added = await archive.addFeed(server.url('/public-feed.xml'));
    if (added.status !== 'added') throw new Error('not added');
    const [item] = await settled(added.feed.id, 1);
    expect(hits['/media/ep.wav']).toBeUndefined();
    expect(item!.enclosures[0]!.assetError).toMatch(/private address/);
  });
});

describe('downloadEnclosure', () => {
  let assets: string;
  beforeEach(() => {
    assets = mkdtempSync(path.join(os.tmpdir(), 'tidings-enclosure-assets-'));
  });
  afterEach(() => rmSync(assets, { recursive: true, force: true }));

  /** Serves one answer; `end: false` leaves the body open (only an early refusal ends the call quickly). */
  async function serving(headers: Record<string, string>, body: Buffer, end = true): Promise<LocalServer> {
    return startServer((req, res) => {
      res.writeHead(200, headers);
      if (end) res.end(body);
      else res.write(body);
    });
  }

  async function attempt(one: LocalServer, name: string, maxBytes = 1000): Promise<string> {
    try {
      return await downloadEnclosure({ url: one.url(`/${name}`), type: 'audio/mpeg', length: null }, assets, { maxBytes, network: 'any' });
    } finally {
      await one.close();
    }
  }

  it('streams the body to a temp file, hashed as it comes, and keeps it under its sha256', async () => {
    const name = await attempt(await serving({ 'content-type': 'audio/wav' }, WAV), 'ep.wav', 10_000);
    expect(name).toBe(`${createHash('sha256').update(WAV).digest('hex')}.wav`);
    expect(readFileSync(path.join(assets, name)).equals(WAV)).toBe(true);
    expect(readdirSync(assets)).toEqual([name]);
  });

  it('refuses a body whose declared length is over the cap before reading it', async () => {
    const big = await serving({ 'content-type': 'audio/mpeg', 'content-length': String(10_000_000) }, MP3, false);
    await expect(attempt(big, 'huge.mp3')).rejects.toThrow(/larger than 1000 bytes/);
    expect(readdirSync(assets)).toEqual([]);
  });

  it('refuses a body that passes the cap without declaring its length, and leaves no temp file', async () => {
    await expect(attempt(await serving({ 'content-type': 'audio/mpeg' }, Buffer.concat([MP3, Buffer.alloc(5000)])), 'long.mp3')).rejects.toThrow(/larger than 1000 bytes/);
    expect(readdirSync(assets)).toEqual([]);
  });

  it('refuses a page at its first bytes, without reading the rest', async () => {
    const page = await serving({ 'content-type': 'audio/mpeg' }, Buffer.from(`<!doctype html><html><head><title>Sign in</title></head><body>${'x'.repeat(200)}`), false);
    await expect(attempt(page, 'ep.mp3', 10_000_000)).rejects.toThrow(/not an audio or video file/);
    expect(readdirSync(assets)).toEqual([]);
  });

  it('refuses a compressed answer it did not ask for', async () => {
    await expect(attempt(await serving({ 'content-type': 'audio/mpeg', 'content-encoding': 'gzip' }, gzipSync(MP3)), 'z.mp3')).rejects.toThrow(/compressed/);
    expect(readdirSync(assets)).toEqual([]);
  });

  it('only downloads http(s) enclosures', async () => {
    await expect(downloadEnclosure({ url: 'javascript:alert(1)', type: 'audio/mpeg', length: null }, assets, { maxBytes: 1000, network: 'any' })).rejects.toThrow(/only http and https/);
    await expect(downloadEnclosure({ url: 'file:///etc/passwd', type: 'audio/mpeg', length: null }, assets, { maxBytes: 1000, network: 'any' })).rejects.toThrow(/only http and https/);
  });
});

describe('sniffMedia', () => {
  it.each([
    ['ID3 tag', MP3, 'audio/mpeg', 'mp3'],
    ['MPEG frame sync', Buffer.from([0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0]), 'audio/mpeg', 'mp3'],
    ['ADTS AAC', Buffer.from([0xff, 0xf1, 0x50, 0x80, 0, 0, 0, 0, 0, 0, 0, 0]), 'audio/aac', 'aac'],
    ['RIFF WAVE', WAV, 'audio/wav', 'wav'],
    ['Ogg', Buffer.from('OggS\0\x02\0\0\0\0\0\0', 'latin1'), 'audio/ogg', 'ogg'],
    ['FLAC', Buffer.from('fLaC\0\0\0\x22\0\0\0\0', 'latin1'), 'audio/flac', 'flac'],
    ['MP4 audio', Buffer.from('\0\0\0\x20ftypM4A \0\0\0\0', 'latin1'), 'audio/x-m4a', 'm4a'],
    ['MP4 video', Buffer.from('\0\0\0\x20ftypisom\0\0\0\0', 'latin1'), 'video/mp4', 'mp4'],
    ['MP4 brand, audio type', Buffer.from('\0\0\0\x20ftypisom\0\0\0\0', 'latin1'), 'audio/mp4', 'm4a'],
    ['WebM', Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0, 0, 0, 0, 0]), 'video/webm', 'webm'],
  ])('%s', (_name, bytes, type, ext) => {
    expect(sniffMedia(bytes, type)).toBe(ext);
  });

  it.each([
    ['HTML', Buffer.from('<html><script>alert(1)</script></html>')],
    ['PDF', Buffer.from('%PDF-1.4 xxxxxxxx')],
    ['empty', Buffer.alloc(0)],
    ['RIFF but AVI', Buffer.from('RIFF\0\0\0\0AVI LIST', 'latin1')],
  ])('%s is not media', (_name, bytes) => {
    expect(sniffMedia(bytes, 'audio/mpeg')).toBeNull();
  });
});

describe('isPlayable', () => {
  it('downloads what the reader plays: audio and video types, old x-audio forms, media extensions', () => {
    expect(isPlayable({ url: 'https://p.example/a', type: 'audio/mpeg', length: null })).toBe(true);
    expect(isPlayable({ url: 'https://p.example/a', type: 'x-audio/mp3', length: null })).toBe(true);
    expect(isPlayable({ url: 'https://p.example/a.mp3?src=rss', type: 'application/octet-stream', length: null })).toBe(true);
    expect(isPlayable({ url: 'https://p.example/a.pdf', type: 'application/pdf', length: null })).toBe(false);
  });
});
