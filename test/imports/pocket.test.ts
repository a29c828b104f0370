// Pocket's CSV export (title,url,time_added,tags,status), read from hand-made fixtures named
// for the quirk each carries.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImport } from '../../src/imports/index.js';
import { TidingsError } from '../../src/errors.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/imports');

function parse(name: string) {
  return parseImport(readFileSync(path.join(FIXTURES, name)), { name });
}

describe('pocket csv', () => {
  it('keeps commas and doubled quotes inside a quoted title, splits tags on |, maps status', () => {
    const result = parse('pocket-quoted-commas.csv');
    expect(result.format).toBe('pocket-csv');
    expect(result.problems).toEqual([]);
    expect(result.items).toHaveLength(2);
    expect(result.items[0]).toMatchObject({ url: 'https://example.com/a', title: 'Commas, quotes "and" more', tags: ['news', 'tech'], read: false, starred: false, savedAt: '2023-11-14T22:13:20.000Z', line: 2 });
    expect(result.items[1]).toMatchObject({ url: 'https://example.com/b', title: 'Plain', tags: [], read: true, line: 3 });
  });

  it('collapses a multi-line title (CRLF) to one line, with columns in another order, and counts lines', () => {
    const result = parse('pocket-multiline-title.csv');
    expect(result.items.map((i) => i.title)).toEqual(['A title that spans lines', 'After']);
    expect(result.items.map((i) => i.line)).toEqual([2, 5]);
  });

  it('reads Unix seconds, milliseconds and ISO times; absurd ones become null', () => {
    const result = parse('pocket-unix-and-iso-times.csv');
    const byTitle = Object.fromEntries(result.items.map((i) => [i.title, i.savedAt]));
    expect(byTitle).toEqual({
      Seconds: '2023-11-14T22:13:20.000Z',
      Millis: '2023-11-14T22:13:20.000Z',
      Iso: '2023-11-14T22:13:20.000Z',
      Ancient: null,
      Future: null,
      Garbage: null,
    });
  });

  it('matches headers case-insensitively after a BOM, ignores extra columns, and leaves a missing title null', () => {
    const result = parse('pocket-missing-title.csv');
    expect(result.format).toBe('pocket-csv');
    expect(result.items.map((i) => [i.url, i.title])).toEqual([
      ['https://example.com/untitled', null],
      ['https://example.com/blank', null],
    ]);
  });

  it('merges duplicate URLs into one item (tags united, read if any, earliest time) without a problem', () => {
    const result = parse('pocket-duplicate-urls.csv');
    expect(result.problems).toEqual([]);
    expect(result.duplicates).toBe(1);
    expect(result.items).toHaveLength(2);
    expect(result.items[0]).toMatchObject({ url: 'https://example.com/d', title: 'First', tags: ['a', 'b'], read: true, savedAt: '2023-11-14T22:13:20.000Z', line: 2 });
  });

  it('lists non-web addresses and an unclosed quote as problems with their lines, and keeps the rest', () => {
    const result = parse('pocket-unclosed-quote-line-7.csv');
    expect(result.items.map((i) => i.url)).toEqual(['https://example.com/1', 'https://example.com/2', 'https://example.com/8']);
    expect(result.problems).toEqual([
      { line: 4, item: 'javascript:alert(1)', reason: 'not a web address (javascript:)' },
      { line: 5, item: 'mailto:a@b.c', reason: 'not a web address (mailto:)' },
      { line: 6, item: 'Nothing', reason: 'no web address' },
      { line: 7, item: null, reason: 'a quote opened here is never closed' },
    ]);
  });

  it('refuses a URL longer than 8192 characters and a field over 1 MB as problems', () => {
    const long = `https://example.com/${'a'.repeat(8200)}`;
    const huge = 'x'.repeat(1_100_000);
    const text = `title,url,time_added,tags,status\nLong,${long},1,,unread\n${huge},https://example.com/h,1,,unread\nOk,https://example.com/ok,1,,unread\n`;
    const result = parseImport(Buffer.from(text), { name: 'p.csv' });
    expect(result.items.map((i) => i.url)).toEqual(['https://example.com/ok']);
    expect(result.problems.map((p) => [p.line, p.reason])).toEqual([
      [2, 'web address longer than 8192 characters'],
      [3, 'a field longer than 1 MB'],
    ]);
  });

  it('a CSV without a url column is not a Pocket export: a clear error', () => {
    expect(() => parseImport(Buffer.from('title,when\nx,y\n'), { name: 'p.csv', format: 'pocket-csv' })).toThrow(TidingsError);
    expect(() => parseImport(Buffer.from('title,when\nx,y\n'), { name: 'p.csv', format: 'pocket-csv' })).toThrow(/p\.csv: line 1: .*url/);
  });

  it('parses 10,000 generated rows', () => {
    const rows = ['title,url,time_added,tags,status'];
    for (let i = 0; i < 10_000; i++) rows.push(`"Title ${i}, with comma",https://example.com/${i},${1_600_000_000 + i},a|b,${i % 2 ? 'archive' : 'unread'}`);
    const result = parseImport(Buffer.from(rows.join('\n')), { name: 'big.csv' });
    expect(result.items).toHaveLength(10_000);
    expect(result.items.filter((i) => i.read)).toHaveLength(5_000);
    expect(result.items[9_999]!.line).toBe(10_001);
  });
});
