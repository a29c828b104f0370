// The linear scanners that replaced backtracking regular expressions read what the patterns
// read: compared with the old patterns on thousands of small random inputs built from the
// quirky pieces (bare '&', unclosed tags, bad dates), plus the tag scanner's own rules.

import { describe, expect, it } from 'vitest';
import { parseAttributes, scanTags, stripTags, type Tag } from '../../src/feeds/markup.js';
import { parseDate } from '../../src/feeds/normalize.js';
import { repair } from '../../src/feeds/rss.js';

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function randomText(pieces: string[], next: () => number): string {
  const length = Math.floor(next() * 12);
  return Array.from({ length }, () => pieces[Math.floor(next() * pieces.length)]).join('');
}

function oldRepair(xml: string): string {
  return xml
    .replace(/&(?!(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#x[0-9a-fA-F]+);)/g, '&amp;')
    .replace(/<(published|updated)(\s[^>]*)?>([^<]*)<\/\1>/g, (whole, _tag: string, _attrs: string, text: string) => (parseDate(text) === null ? '' : whole));
}

describe('repair (bare ampersands, bad Atom dates)', () => {
  it('gives what the old regular expressions gave, on 5,000 random inputs', () => {
    const pieces = ['&', '&amp;', '&#10;', '&#x1F;', '&#X1F;', '&#;', '&a1', ';', '<published>', '<published a="1">', '<published\t>', '<publishedx>', '</published>', '<updated>', '</updated>', '2026-01-01T00:00:00Z', 'bad', '<', '>', ' ', 'x'];
    const next = random(7);
    for (let i = 0; i < 5_000; i++) {
      const text = randomText(pieces, next);
      expect(repair(text), JSON.stringify(text)).toBe(oldRepair(text));
    }
  });
});

describe('stripTags', () => {
  it('gives what /<[^>]*>/g gave, on 5,000 random inputs', () => {
    const next = random(11);
    for (let i = 0; i < 5_000; i++) {
      const text = randomText(['<', '>', 'a', ' ', '<b>', '</b>', '&lt;'], next);
      expect(stripTags(text), JSON.stringify(text)).toBe(text.replace(/<[^>]*>/g, ' '));
    }
  });
});

function tags(text: string, html = false): Tag[] {
  const found: Tag[] = [];
  scanTags(text, (tag) => found.push(tag), { html });
  return found;
}

describe('scanTags', () => {
  it('reads names, closing and self-closing tags; skips comments, CDATA, declarations and stray <', () => {
    const found = tags('<?xml version="1.0"?><!DOCTYPE x><a x="1"><!-- <b> --><![CDATA[<c>]]>1 < 2<d/></A>');
    expect(found.map((t) => `${t.closing ? '/' : ''}${t.name}${t.selfClosing ? '/' : ''}`)).toEqual(['a', 'd/', '/a']);
  });

  it('lets a quoted value hold > and stops at a tag that never ends', () => {
    const text = '<a title="x > y"><b title="unclosed>';
    const found: Tag[] = [];
    const result = scanTags(text, (tag) => found.push(tag));
    expect(found.map((t) => t.attrs)).toEqual([{ title: 'x > y' }]);
    expect(result.unterminatedAt).toBe(text.indexOf('<b'));
  });

  it('treats a quote that does not open a value as a character (title=Bob\'s)', () => {
    expect(tags("<link title=Bob's href=/f><link href='/g'>").map((t) => t.attrs)).toEqual([{ title: "Bob's", href: '/f' }, { href: '/g' }]);
  });

  it('in HTML, skips what script, style and title hold', () => {
    const found = tags('<script>document.write("<link href=/x>")</script><TITLE><link></title><link href=/y>', true);
    expect(found.filter((t) => t.name === 'link').map((t) => t.attrs.href)).toEqual(['/y']);
  });
});

describe('parseAttributes', () => {
  it('reads double, single, unquoted and bare attributes, names lower-cased, entities decoded, the first of a name kept', () => {
    expect(parseAttributes(' xmlUrl="a?b=1&amp;c=2" TEXT=\'A &#38; B\' type=rss checked href="1" href="2"')).toEqual({
      xmlurl: 'a?b=1&c=2',
      text: 'A & B',
      type: 'rss',
      checked: '',
      href: '1',
    });
  });
});
