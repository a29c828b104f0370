// A broad corpus for decodeBody made from the real feeds and pages in ../shared/corpus/: each one,
// decoded, is written out again in the encodings that real servers send unlabelled (UTF-16 and
// UTF-32 without a byte order mark, windows-1252, and UTF-8 with its declaration contradicted),
// and must come back as the same text. Skipped, and says so, when the corpus is absent.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody, type BodyKind } from '../../src/net/index.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus');
const present = existsSync(CORPUS);

function corpusFiles(): Array<{ name: string; kind: BodyKind }> {
  if (!present) return [];
  const feeds = readdirSync(path.join(CORPUS, 'feeds', 'rss-parser')).map((f) => ({ name: `feeds/rss-parser/${f}`, kind: 'xml' as const }));
  const pages = readdirSync(path.join(CORPUS, 'pages'))
    .filter((d) => existsSync(path.join(CORPUS, 'pages', d, 'source.html')))
    .map((d) => ({ name: `pages/${d}/source.html`, kind: 'html' as const }));
  return [...feeds, ...pages];
}

const WIDE = ['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'];

/** The text without its own charset declarations, which would otherwise (rightly) be believed. */
function undeclared(text: string): string {
  return text.replace(/^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']/i, '$1').replace(/<meta[^>]*charset[^>]*>/gi, '');
}

describe.skipIf(!present)(`corpus written in unlabelled encodings (${present ? CORPUS : 'corpus folder missing: skipped'})`, () => {
  it.each(corpusFiles())('$name comes back whole from UTF-16/32 without a mark and from windows-1252', ({ name, kind }) => {
    const text = undeclared(decodeBody(readFileSync(path.join(CORPUS, name)), null, kind));
    for (const charset of WIDE) {
      expect(decodeBody(iconv.encode(text, charset), null, kind), charset).toBe(text);
    }
    // Characters windows-1252 lacks become "?" on the way out: compare with what was written.
    const legacy = iconv.encode(text, 'windows-1252');
    expect(decodeBody(legacy, null, kind), 'windows-1252').toBe(iconv.decode(legacy, 'windows-1252'));
  });
});
