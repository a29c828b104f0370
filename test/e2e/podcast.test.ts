// A podcast end to end in Chromium (issue 11 item 6): subscribe to a feed whose episodes carry
// audio enclosures, open an episode, and the reader shows a native <audio> player whose source
// loads under the reader's CSP (metadata read, no media error), with a download link and the size.
// Then "Download podcast and video files into the archive" is turned on in Settings: the next
// episode's audio is kept in assets/ and the player plays that copy. Screenshots light and dark:
// test-results/e2e/podcast-episode-{light,dark}.png.

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { type Session, describeInChromium, openSession, screenshots } from './harness.js';

const FEED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/e2e/podcast-episodes-with-audio.rss');

/** A real WAV: `seconds` of a quiet 440 Hz tone, mono 8 kHz 8-bit, so Chromium decodes it and knows its duration. */
function toneWav(seconds: number): Buffer {
  const rate = 8000;
  const samples = Buffer.from(Array.from({ length: rate * seconds }, (_, i) => Math.round(128 + 20 * Math.sin((2 * Math.PI * 440 * i) / rate))));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples.length, 40);
  return Buffer.concat([header, samples]);
}

const DAWN = toneWav(2);
const DUSK = toneWav(3);

const LATER_EPISODE = (origin: string) => `
    <item>
      <title>Episode 2: Dusk at the waterhole</title>
      <guid isPermaLink="false">field-recordings-2</guid>
      <link>${origin}/episodes/2</link>
      <pubDate>Tue, 10 May 2011 18:00:00 GMT</pubDate>
      <description><![CDATA[<p>Frogs, then a boobook owl.</p>]]></description>
      <enclosure url="${origin}/media/dusk.wav" type="audio/wav" length="${DUSK.length}"/>
      <enclosure url="${origin}/media/dusk-transcript.pdf" type="application/pdf" length="48213"/>
      <enclosure url="javascript:fetch('${origin}/beacon/enclosure')" type="audio/mpeg" length="1"/>
    </item>`;

interface PodcastSite {
  origin: string;
  /** Publish episode 2 (the feed lists it from now on). */
  publishMore(): void;
  hits: string[];
  close(): Promise<void>;
}

async function startPodcastSite(): Promise<PodcastSite> {
  let more = false;
  let origin = '';
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    hits.push(url.pathname);
    if (url.pathname === '/podcast.rss') {
      const xml = readFileSync(FEED, 'utf8').replaceAll('{{more}}', more ? LATER_EPISODE(origin) : '').replaceAll('{{origin}}', origin).replaceAll('{{length}}', String(DAWN.length));
      return void res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' }).end(xml);
    }
    if (url.pathname === '/media/dawn-chorus.wav') return void res.writeHead(200, { 'Content-Type': 'audio/wav', 'Content-Length': DAWN.length }).end(DAWN);
    if (url.pathname === '/media/dusk.wav') return void res.writeHead(200, { 'Content-Type': 'audio/wav', 'Content-Length': DUSK.length }).end(DUSK);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, hits, publishMore: () => (more = true), close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Load the reader's player (it is preload=none) and report what Chromium made of its source. */
async function loadPlayer(frame: FrameLocator): Promise<{ readyState: number; error: number | null; duration: number }> {
  const audio = frame.locator('audio');
  await audio.evaluate((el: HTMLAudioElement) => {
    el.preload = 'metadata';
    el.load();
  });
  await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => el.readyState >= 1 || el.error !== null), { timeout: 15_000 }).toBe(true);
  return audio.evaluate((el: HTMLAudioElement) => ({ readyState: el.readyState, error: el.error?.code ?? null, duration: el.duration }));
}

describeInChromium('a podcast in Chromium', () => {
  let session: Session | undefined;
  let page: Page;
  let archive: Archive;
  let site: PodcastSite;
  let outside: string[];
  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });
  const frame = () => page.frameLocator('.reader-frame');
  const open = async (title: string) => {
    await page.locator('.row[data-id]', { hasText: title }).click();
    await poll(() => frame().locator('h1').textContent()).toBe(title);
  };

  beforeAll(async () => {
    site = await startPodcastSite();
    session = await openSession('tidings-e2e-podcast-');
    ({ page, archive, outside } = session);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  it('subscribes and plays an episode from the web: a native player that loads, a download link with the size', async () => {
    await page.locator('.actions [data-command="add-feed"]').click();
    const dialog = page.locator('dialog#add-feed');
    await dialog.locator('input[name=url]').fill(`${site.origin}/podcast.rss`);
    await dialog.locator('button[type=submit]').click();
    await poll(() => dialog.count()).toBe(0);
    await open('Episode 1: Dawn chorus');
    const audio = frame().locator('audio');
    expect(await audio.getAttribute('src')).toBe(`${site.origin}/media/dawn-chorus.wav`);
    expect(await audio.getAttribute('preload')).toBe('none');
    expect(await audio.getAttribute('controls')).not.toBeNull();
    // preload=none: opening the episode fetched nothing.
    expect(site.hits).not.toContain('/media/dawn-chorus.wav');
    expect(await frame().locator('.enclosure figcaption').textContent()).toContain('WAV · 16 KB');
    expect(await frame().locator('.enclosure a').getAttribute('href')).toBe(`${site.origin}/media/dawn-chorus.wav`);
    const state = await loadPlayer(frame());
    expect(state).toMatchObject({ error: null });
    expect(state.readyState).toBeGreaterThanOrEqual(1);
    expect(state.duration).toBeCloseTo(2, 1);
    // Off by default: the archive kept no copy.
    const [episode] = (await archive.listArticles({ query: 'Dawn', limit: 5 })).items;
    expect(episode!.enclosures[0]!.asset).toBeUndefined();
  });

  it('with the setting on, keeps the next episode\'s audio in the archive and plays that copy', async () => {
    await page.locator('[data-command="settings"]').click();
    const settings = page.locator('dialog#settings');
    await settings.locator('input[name="download-enclosures"]').check();
    await settings.locator('button[type=submit]').click();
    await poll(() => settings.count()).toBe(0);
    expect((await archive.getSettings()).downloadEnclosures).toBe(true);

    site.publishMore();
    await page.locator('.list').focus();
    await page.keyboard.press('r');
    await poll(async () => (await archive.listArticles({ query: 'Dusk', limit: 5 })).items[0]?.enclosures[0]?.asset ?? null).toMatch(/^[0-9a-f]{64}\.wav$/);
    await open('Episode 2: Dusk at the waterhole');
    const src = await frame().locator('audio').getAttribute('src');
    expect(src!.startsWith(`${new URL(session!.server.url).origin}/assets/`)).toBe(true);
    expect(src).toMatch(/\/assets\/[0-9a-f]{64}\.wav\?token=/);
    expect(await frame().locator('.enclosure-offline').count()).toBe(1);
    // The transcript is a plain link; the javascript: enclosure never reached the page.
    expect(await frame().locator('.enclosure-file a').textContent()).toBe('dusk-transcript.pdf');
    expect(await frame().locator('audio, video').count()).toBe(1);
    expect(await frame().locator('body').innerHTML()).not.toContain('javascript:');
    const state = await loadPlayer(frame());
    expect(state).toMatchObject({ error: null });
    expect(state.duration).toBeCloseTo(3, 1);
    await screenshots(page, 'podcast-episode');
    expect(site.hits).not.toContain('/beacon/enclosure');
    expect(outside).toEqual([]);
  });
});
