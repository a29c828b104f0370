// Which date of an item is its publication date, in every format that carries one: Atom 1.0
// published/updated, Atom 0.3 issued/created/modified, RSS pubDate, dc:date, dcterms:*. The
// text is read by our parser, never by rss-parser's (it throws on a localized Atom date and
// reads a zone-less one in the machine's local time).

import { afterEach, describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/feeds/index.js';
import { fixture } from './fixtures.js';

const published = async (name: string) => (await parseFeed(fixture(name), 'https://dates.example/feed')).items.map((i) => [i.title, i.published]);

describe('item dates: the field each format puts them in', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('Atom 0.3: issued, then created, then modified', async () => {
    expect(await published('atom-0.3-issued-modified-created.atom')).toEqual([
      ['Issued with an offset, modified later', '2005-02-28T14:30:00.000Z'],
      ['Only created and modified', '2005-02-20T08:00:00.000Z'],
      ['Only modified', '2005-02-10T08:00:00.000Z'],
    ]);
  });

  it('dcterms: issued, then created, then modified; dc:date with no zone is UTC', async () => {
    process.env.TZ = 'Asia/Tokyo';
    expect(await published('dcterms-dates-no-pubdate.rss')).toEqual([
      ['dcterms:issued and dcterms:modified', '2019-05-01T00:00:00.000Z'],
      ['dcterms:created only', '2019-04-20T06:00:00.000Z'],
      ['dcterms:modified only', '2019-04-10T08:00:00.000Z'],
      ['dc:date with no zone', '2019-04-05T08:00:00.000Z'],
    ]);
  });

  for (const zone of ['UTC', 'America/New_York', 'Asia/Tokyo']) {
    it(`Atom: a localized published is read, a zone-less updated is UTC, garbage is no date (TZ=${zone})`, async () => {
      process.env.TZ = zone;
      expect(await published('atom-localized-and-zoneless-published.atom')).toEqual([
        ['Deutsches Datum', '2018-10-03T10:00:00.000Z'],
        ['Ohne Zone', '2018-10-02T10:15:00.000Z'],
        ['Kein Datum', null],
      ]);
    });
  }

  it('RSS: a Portuguese pubDate, with and without a zone', async () => {
    process.env.TZ = 'America/Sao_Paulo';
    expect(await published('rss-localized-pubdate-pt.rss')).toEqual([
      ['Segunda-feira', '2018-09-24T22:42:40.000Z'],
      ['Sábado', '2018-12-01T11:00:00.000Z'],
      ['Sem fuso', '2018-10-04T18:00:00.000Z'],
    ]);
  });
});
