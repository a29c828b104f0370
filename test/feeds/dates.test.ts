// Feed dates to the right instant, whatever the spelling, the language or the machine's zone;
// null for what is not a date (never an invented one). The table is in dates-table.ts.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDate } from '../../src/feeds/normalize.js';
import { DATE_CASES } from './dates-table.js';

const NOW = Date.parse('2026-11-28T12:00:00.000Z');

describe('parseDate: the table of real spellings', () => {
  it.each(DATE_CASES)('%j', (input, expected) => {
    expect(parseDate(input, NOW)).toBe(expected);
  });
});

describe('parseDate: the machine zone never leaks in', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  for (const zone of ['America/New_York', 'Asia/Tokyo', 'Australia/Lord_Howe']) {
    it(`gives the same instants under TZ=${zone}`, () => {
      process.env.TZ = zone;
      // The zone took effect: a zone-less string is local to Date.parse, so it moved.
      expect(new Date(2018, 0, 1).getTimezoneOffset()).not.toBe(0);
      const wrong = DATE_CASES.filter(([input, expected]) => parseDate(input, NOW) !== expected);
      expect(wrong).toEqual([]);
    });
  }
});

describe('parseDate: values that are not strings, and dates ahead of now', () => {
  it('takes numbers as Unix timestamps and refuses everything else', () => {
    expect(parseDate(1537784100, NOW)).toBe('2018-09-24T10:15:00.000Z');
    expect(parseDate(1537784100000, NOW)).toBe('2018-09-24T10:15:00.000Z');
    for (const bad of [null, undefined, {}, [], true, Number.NaN, -1, 1.5]) expect(parseDate(bad, NOW)).toBeNull();
  });

  it('trusts a date up to a day ahead of now (zones, clocks) and no further', () => {
    expect(parseDate('2026-11-29T11:59:59Z', NOW)).toBe('2026-11-29T11:59:59.000Z');
    expect(parseDate('2026-11-29T12:00:01Z', NOW)).toBeNull();
    expect(parseDate('Sat, 01 Jan 2050 00:00:00 GMT', NOW)).toBeNull();
    expect(parseDate('9999-12-31T23:59:59Z', NOW)).toBeNull();
  });

  it('reads a two-digit year by RFC 2822 whatever the date of today', () => {
    const in2060 = Date.parse('2060-01-01T00:00:00Z');
    expect(parseDate('Fri, 01 Jan 49 00:00:00 GMT', in2060)).toBe('2049-01-01T00:00:00.000Z');
    expect(parseDate('Sun, 01 Jan 50 00:00:00 GMT', in2060)).toBe('1950-01-01T00:00:00.000Z');
  });

  it('refuses a hostile length without reading it', () => {
    expect(parseDate(`Mon, 24 Sep 2018 10:15:00 ${'+'.repeat(1_000_000)}`, NOW)).toBeNull();
    expect(parseDate(`${' '.repeat(100_000)}2018-09-24${' '.repeat(100_000)}`, NOW)).toBe('2018-09-24T00:00:00.000Z');
  });
});

describe('parseDate: random pieces of dates', () => {
  it('never throws, and gives null or a canonical instant no later than a day after now', () => {
    const pieces = ['Mon', ',', ' ', '24', '2018', 'Sep', 'Set', 'okt', '10:15', ':00', '+0200', '-07:00', 'GMT', 'Z', 'T', '-', '/', '.', 'pm', 'Etc/GMT+5', '년', '오후', '(', ')', '99', '0', 'x', '\u0301'];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5_000; i++) {
      let text = '';
      const count = 1 + Math.floor(next() * 12);
      for (let j = 0; j < count; j++) text += pieces[Math.floor(next() * pieces.length)];
      const iso = parseDate(text, NOW);
      if (iso !== null) {
        expect(iso, text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        expect(Date.parse(iso) <= NOW + 86_400_000, text).toBe(true);
      }
    }
  });
});

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus/feeds');
const DATE_ELEMENT = /<(pubDate|dc:date|dcterms:(?:issued|created|modified|date)|published|updated|issued|modified|created)>([^<]*)</g;

/** Every distinct date text of the corpus feeds (elements and JSON Feed fields). */
function corpusDates(): string[] {
  const found = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (!entry.name.endsWith('_expected.json')) {
        const text = readFileSync(file, 'latin1');
        for (const m of text.matchAll(DATE_ELEMENT)) if (m[2]?.trim()) found.add(m[2].trim());
        for (const m of text.matchAll(/"date_(?:published|modified)"\s*:\s*"([^"]+)"/g)) found.add(m[1] ?? '');
      }
    }
  };
  walk(CORPUS);
  return [...found];
}

describe.skipIf(!existsSync(CORPUS))('parseDate: every date of ../shared/corpus/feeds', () => {
  it('reads each one to an instant between 1990 and now', () => {
    const dates = corpusDates();
    expect(dates.length).toBeGreaterThan(1000);
    const unread = dates.filter((text) => {
      const iso = parseDate(text);
      return iso === null || iso < '1990';
    });
    expect(unread).toEqual([]);
  });
});
if (!existsSync(CORPUS)) describe.skip(`../shared/corpus/feeds is missing (${CORPUS}): corpus dates not checked`, () => {});
