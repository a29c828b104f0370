// Untrusted page text never meets a pattern that backtracks: each hostile input of about 1 MB
// below took tens of seconds to hours with the old regular expressions (a run of newlines in
// <pre>, a srcset of commas, '<head ' or '<base ' repeated, '%' before a newline), and must now
// finish at once. The scanners that replaced the patterns are compared with the old patterns
// (kept here as the reference) on thousands of small random inputs and on the real pages of
// ../shared/corpus/pages when that folder exists.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { headOpenTagEnd, ownBaseHref, parsePage, withBase, withoutScriptsAndStyles } from '../../src/extract/dom.js';
import { truncateAtWord } from '../../src/extract/plaintext.js';
import { bestCandidate, splitSrcset } from '../../src/extract/sanitize.js';
import { htmlToText, rawText, tidy } from '../../src/extract/text.js';
import { isPrivateAddress, withoutZoneId } from '../../src/net/address.js';

const SIZE = 1_000_000;
const HOSTILE = { timeout: 3000 };
const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus/pages');
const hasCorpus = existsSync(CORPUS);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// The old patterns, the reference for what the scanners must give.
function oldTidy(raw: string): string {
  return raw
    .replace(/[^\S\u0001\u0002]+/g, ' ')
    .replace(/ ?\u0002 ?/g, '\n')
    .replace(/ ?\u0001[\u0001 ]*/g, '\u0001')
    .replace(/\n*\u0001\n*/g, '\n\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
const oldSplitSrcset = (srcset: string) => srcset.split(/,\s+|,(?=\S+\s)/);
const oldOwnBaseHref = (html: string) => /<base\s[^>]*href\s*=\s*["']?([^"'\s>]+)/i.exec(html)?.[1];
function oldHeadOpenTagEnd(html: string): number {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  return head ? head.index + head[0].length : -1;
}
function oldWithoutScriptsAndStyles(html: string): string {
  const opener = /<(script|style)\b[^>]{0,2000}>/gi;
  const parts: string[] = [];
  let kept = 0;
  let match: RegExpExecArray | null;
  while ((match = opener.exec(html)) !== null) {
    const tag = match[1]!.toLowerCase();
    const closer = new RegExp(`</${tag}\\s*>`, 'gi');
    closer.lastIndex = opener.lastIndex;
    const close = closer.exec(html);
    if (!close) break;
    opener.lastIndex = closer.lastIndex;
    if (tag === 'script' && /type\s*=\s*["']?application\/(ld\+)?json/i.test(match[0])) continue;
    parts.push(html.slice(kept, match.index));
    kept = closer.lastIndex;
  }
  parts.push(html.slice(kept));
  return parts.join('');
}
const oldWithoutZoneId = (address: string) => address.replace(/%.*$/, '');
function oldTruncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut.slice(0, max)).replace(/[\s,;:–-]+$/u, '')}…`;
}

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function randomText(pieces: string[], next: () => number, most = 14): string {
  const length = Math.floor(next() * most);
  return Array.from({ length }, () => pieces[Math.floor(next() * pieces.length)]).join('');
}

function corpusPages(): { name: string; html: string }[] {
  if (!hasCorpus) return [];
  return readdirSync(CORPUS)
    .filter((name) => existsSync(path.join(CORPUS, name, 'source.html')))
    .sort()
    .map((name) => ({ name, html: readFileSync(path.join(CORPUS, name, 'source.html'), 'utf8') }));
}

describe('tidy (block and line breaks into blank lines)', () => {
  it('finishes at once on a <pre> of a million newlines between two words', HOSTILE, () => {
    const doc = parsePage(`<!doctype html><html><body><pre>x${'\n'.repeat(SIZE)}y</pre></body></html>`, null);
    expect(htmlToText(doc.body)).toBe('x\n\ny');
  });

  it('finishes at once on a million line breaks', HOSTILE, () => {
    expect(tidy(`${'\u0002'.repeat(SIZE)}x`)).toBe('x');
    expect(tidy(`a${'\u0002'.repeat(SIZE)}\u0001b`)).toBe('a\n\nb');
  });

  it('gives what the old patterns gave, on 10,000 random inputs', () => {
    const pieces = ['\n', '\u0001', '\u0002', ' ', '\t', '\u00a0', 'a', 'b c', '\r\n'];
    const next = random(3);
    for (let i = 0; i < 10_000; i++) {
      const text = randomText(pieces, next);
      expect(tidy(text), JSON.stringify(text)).toBe(oldTidy(text));
    }
  });

  it.skipIf(!hasCorpus)('gives what the old patterns gave on the text of every corpus page', () => {
    for (const { name, html } of corpusPages()) {
      const raw = rawText(parsePage(html, null).body);
      expect(tidy(raw), name).toBe(oldTidy(raw));
    }
  });
});

describe('srcset candidates', () => {
  it('finishes at once on a srcset of a million commas', HOSTILE, () => {
    // No comma there is followed by a space or by a word that a space ends: one candidate.
    expect(bestCandidate(','.repeat(SIZE), 'https://example.com/')?.length).toBe('https://example.com/'.length + SIZE);
    expect(splitSrcset(`${','.repeat(SIZE)} 2x`)).toHaveLength(SIZE + 1);
    expect(bestCandidate(`a.png${',b.png'.repeat(SIZE / 6)} 2x`, 'https://example.com/')).toBe('https://example.com/b.png');
  });

  it('splits as the old pattern split, on 10,000 random inputs', () => {
    const pieces = [',', ', ', ',\t', ' ', '\n', '\u00a0', '\u2028', 'a.png', 'b.png', '1x', '2x', '100w', 'x,y.png', 'data:a,b'];
    const next = random(5);
    for (let i = 0; i < 10_000; i++) {
      const text = randomText(pieces, next);
      expect(splitSrcset(text), JSON.stringify(text)).toEqual(oldSplitSrcset(text));
    }
  });

  it.skipIf(!hasCorpus)('splits every srcset of the corpus as the old pattern did', () => {
    let seen = 0;
    for (const { name, html } of corpusPages()) {
      for (const match of html.matchAll(/srcset\s*=\s*"([^"]*)"/gi)) {
        seen++;
        expect(splitSrcset(match[1]!), name).toEqual(oldSplitSrcset(match[1]!));
      }
    }
    expect(seen).toBeGreaterThan(0);
  });
});

describe('<head> and <base> in the page text', () => {
  it("finishes at once on a megabyte of '<head '", HOSTILE, () => {
    const html = '<head '.repeat(SIZE / 6);
    expect(headOpenTagEnd(html)).toBe(-1);
    expect(withBase(html, 'https://example.com/')).toBe(`<head><base href="https://example.com/"></head>${html}`);
  });

  it("finishes at once on a megabyte of '<base '", HOSTILE, () => {
    const html = '<base '.repeat(SIZE / 6);
    expect(ownBaseHref(html)).toBeUndefined();
    expect(ownBaseHref(`${'<base x>'.repeat(SIZE / 8)}<base href=/b/>`)).toBe('/b/');
    expect(ownBaseHref(`<base ${'href '.repeat(SIZE / 5)}`)).toBeUndefined();
  });

  it('finds what the old patterns found, on 20,000 random inputs', () => {
    const pieces = ['<base', '<BASE', '<head', '<HeAd', '<header', ' ', '\t', '\n', 'href', 'HREF', 'data-href', '=', '"', "'", 'a', '/x', '>', '<', '&amp;'];
    const next = random(9);
    for (let i = 0; i < 20_000; i++) {
      const text = randomText(pieces, next, 18);
      expect(ownBaseHref(text), JSON.stringify(text)).toBe(oldOwnBaseHref(text));
      expect(headOpenTagEnd(text), JSON.stringify(text)).toBe(oldHeadOpenTagEnd(text));
    }
  });

  it.skipIf(!hasCorpus)('finds what the old patterns found on every corpus page', () => {
    for (const { name, html } of corpusPages()) {
      expect(ownBaseHref(html), name).toBe(oldOwnBaseHref(html));
      expect(headOpenTagEnd(html), name).toBe(oldHeadOpenTagEnd(html));
    }
  });
});

describe('scripts and styles out of the page', () => {
  // The old pattern was bounded (2,000 characters from each '<script'), so it took 1.7 s per
  // megabyte: five megabytes, a page a server may well send, are what make it fail here.
  it("finishes at once on 5 MB of '<script ' and of '<style ' far from any '>'", HOSTILE, () => {
    const scripts = '<script '.repeat((5 * SIZE) / 8);
    expect(withoutScriptsAndStyles(scripts)).toBe(scripts);
    const styles = `${'<style '.repeat((5 * SIZE) / 7)}${'x'.repeat(3000)}>`;
    expect(withoutScriptsAndStyles(styles)).toBe(styles);
  });

  it('strips what the old pattern stripped, on 20,000 random inputs', () => {
    const pieces = ['<script', '<SCRIPT', '<style', '<scripts', '</script>', '</script >', '</STYLE>', '</style', ' type="application/ld+json"', ' ', 'a', '>', '<', 'x'.repeat(700)];
    const next = random(19);
    for (let i = 0; i < 20_000; i++) {
      const text = randomText(pieces, next, 16);
      expect(withoutScriptsAndStyles(text), JSON.stringify(text)).toBe(oldWithoutScriptsAndStyles(text));
    }
  });

  it.skipIf(!hasCorpus)('strips what the old pattern stripped on every corpus page', () => {
    for (const { name, html } of corpusPages()) expect(withoutScriptsAndStyles(html), name).toBe(oldWithoutScriptsAndStyles(html));
  });
});

describe('zone id of an address', () => {
  it("finishes at once on a million '%' before a newline", HOSTILE, () => {
    const address = `${'%'.repeat(SIZE)}\n`;
    expect(withoutZoneId(address)).toBe(address);
    expect(isPrivateAddress(address)).toBe(true);
  });

  it('strips what the old pattern stripped, on 10,000 random inputs', () => {
    const pieces = ['%', '%eth0', '\n', '\r', '\u2028', '\u2029', 'fe80::1', '1', ' ', ':'];
    const next = random(13);
    for (let i = 0; i < 10_000; i++) {
      const text = randomText(pieces, next);
      expect(withoutZoneId(text), JSON.stringify(text)).toBe(oldWithoutZoneId(text));
    }
    expect(isPrivateAddress('fe80::1%eth0')).toBe(true);
  });
});

describe('truncateAtWord', () => {
  it('never splits a surrogate pair before the ellipsis', () => {
    for (let at = 80; at < 95; at++) {
      const text = `${'a'.repeat(at)}${'😀'.repeat(20)}`;
      const cut = truncateAtWord(text, 90);
      expect(cut, String(at)).not.toMatch(LONE_SURROGATE);
      expect(cut.endsWith('…')).toBe(true);
    }
  });

  it('gives what it gave before on text without astral characters, on 10,000 random inputs', () => {
    const pieces = ['word', 'ab', ' ', '  ', ',', ';', ':', '-', '–', '.', 'é'];
    const next = random(17);
    for (let i = 0; i < 10_000; i++) {
      const text = randomText(pieces, next, 20);
      const max = 2 + Math.floor(next() * 30);
      expect(truncateAtWord(text, max), JSON.stringify([text, max])).toBe(oldTruncateAtWord(text, max));
    }
  });
});
