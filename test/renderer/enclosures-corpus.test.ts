// @vitest-environment jsdom
// Every enclosure of the real feeds in ../shared/corpus/feeds reaches the reader: audio and
// video as a native player, other files as a link, each with a download link; nothing that is
// not http(s) reaches the document. Before issue 11 item 6 the reader showed none of them.
// The corpus is not part of the project: skipped, saying so, when it is absent.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Enclosure } from '../../src/api.js';
import { parseFeed } from '../../src/feeds/index.js';
import { decodeBody } from '../../src/net/index.js';
import { enclosuresHtml } from '../../renderer/src/reader/media.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus/feeds');
const present = existsSync(CORPUS);
const files = present
  ? readdirSync(CORPUS).flatMap((dir) => readdirSync(path.join(CORPUS, dir)).filter((f) => !f.endsWith('_expected.json')).map((f) => path.join(dir, f)))
  : [];

async function corpusEnclosures(): Promise<Enclosure[]> {
  const all: Enclosure[] = [];
  for (const file of files) {
    const text = decodeBody(readFileSync(path.join(CORPUS, file)), null, file.endsWith('.json') ? 'text' : 'xml');
    const feed = await parseFeed(text, `https://corpus.example/${file}`).catch(() => null);
    for (const item of feed?.items ?? []) all.push(...item.enclosures);
  }
  return all;
}

describe.skipIf(!present)(`corpus enclosures in the reader (${present ? CORPUS : 'corpus folder missing: skipped'})`, () => {
  it('shows every http(s) enclosure of the corpus, players for audio and video, and nothing else', async () => {
    const enclosures = await corpusEnclosures();
    const web = enclosures.filter((e) => /^https?:\/\//i.test(e.url));
    expect(web.length).toBeGreaterThanOrEqual(20);
    let players = 0;
    for (const enclosure of enclosures) {
      const holder = document.createElement('div');
      holder.innerHTML = enclosuresHtml([enclosure], (name) => `https://app.invalid/assets/${name}`);
      const isWeb = web.includes(enclosure);
      expect(holder.querySelectorAll('.enclosure').length, enclosure.url).toBe(isWeb ? 1 : 0);
      if (!isWeb) continue;
      const player = holder.querySelector('audio, video');
      if (player) players++;
      // Every enclosure of the corpus is an episode (audio/mpeg, audio/mp3, x-audio/mp3): each one plays.
      expect(player, `${enclosure.url} ${enclosure.type}`).not.toBeNull();
      expect(holder.querySelector('a')!.getAttribute('href')).toBe(new URL(enclosure.url).href);
    }
    expect(players).toBe(web.length);
  });
});
