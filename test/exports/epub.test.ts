// EPUB export: valid under epubcheck (no errors) for a few corpus-like articles with images and
// hostile titles; mimetype first and stored; chapters well-formed XML; images inside the book
// with their media types, remote ones left out (a reader must not fetch them).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEpub } from '../../src/exports/index.js';
import { Extractor } from '../../src/extract/index.js';
import { PNG } from '../archive/export-fixture.js';
import { article, fakeSource } from './fake-source.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus/pages');
const hasEpubcheck = spawnSync('which', ['epubcheck']).status === 0;
const PNG_NAME = `${'cd'.repeat(32)}.png`;
const WEBP_NAME = `${'ef'.repeat(32)}.webp`;
let dir: string;
let book: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-epub-'));
  writeFileSync(path.join(dir, 'dot.png'), PNG);
  writeFileSync(path.join(dir, 'x.webp'), 'webp');
  const items = [
    { article: article({ title: '<script>alert(1)</script> & "Quotes" \u0001 ]]>', lang: 'en', leadImage: `tidings-asset:${PNG_NAME}` }), html: `<p>Local <img src="tidings-asset:${PNG_NAME}"> remote <img src="https://example.com/r.png" alt="remote picture"> webp <img src="tidings-asset:${WEBP_NAME}" alt="w"></p><p><a href="#gone">fragment</a> <a href="https://example.com/">out</a></p><table><tr><td colspan="0" headers="x">cell</td></tr></table><details><summary>More</summary><p>hidden</p></details><main><p>main</p></main><img width="100%" src="tidings-asset:${PNG_NAME}" alt="again">` },
    { article: article({ title: '', url: 'https://example.com/no-title', lang: 'not a lang!' }), html: '<h2>Heading</h2><ul><li>one</li></ul><pre><code>code &lt;here&gt;</code></pre><p>x<br>y</p><time datetime="yesterday">then</time>' },
    // Content models the web breaks and browsers forgive (each found on the corpus pages).
    { article: article({ title: 'Broken content models', lang: 'en' }), html: [
      '<p>Rest assured that:</p><ul> <ul><li>nested list in a list</li></ul> text in a list <i>and phrasing</i> <li>an item</li></ul>',
      '<dl><dd>a definition with no term</dd><dd>another</dd></dl><dl><dt>Term</dt><dd>fine</dd></dl>',
      // Found on the corpus feeds: a list ending with a term, div groups without terms, a stray definition.
      '<dl><dt>Term with no definition</dt></dl><dl><div><dd>grouped, no term</dd></div></dl><div><dd>stray definition</dd></div>',
      '<figure><span>picture</span> <figcaption><span><p>caption paragraph inside a span</p></span></figcaption> <span>credit</span></figure>',
      '<table><colgroup><col width="142"><col width="102"></colgroup><tbody><tr><td width="50">a</td><td>b</td></tr></tbody></table>',
      // Found on the corpus feeds: blocks in a div in a span (the div cannot become a span holding a table),
      // a list in a paragraph's span, a block in a link in a span, and a time without a datetime holding an element.
      '<ul><li><span><span><div><span>Introduce an explaining variable.</span><table><tbody><tr><td><pre>code</pre></td></tr></tbody></table></div></span></span></li></ul>',
      '<div><b><span><p>a list in a bold span: <ul><li>item</li></ul></p></span></b></div>',
      '<span><a href="https://example.com/"><div><blockquote>quoted, linked</blockquote></div></a></span>',
      '<p> <time datetime="2018-01-01">8.13pm <span>GMT</span></time> </p><p><span><div>just text in a div in a span</div></span></p>',
    ].join('') },
  ];
  const pages = existsSync(CORPUS) ? readdirSync(CORPUS).filter((p) => existsSync(path.join(CORPUS, p, 'source.html'))).slice(0, 6) : [];
  const extractor = new Extractor({ assets: null });
  for (const page of pages) {
    const body = readFileSync(path.join(CORPUS, page, 'source.html'), 'utf8');
    const extracted = await extractor.page({ body, contentType: 'text/html', url: `https://example.com/${page}/` }, { downloadImages: false });
    items.push({ article: article({ title: extracted.meta.title ?? page, lang: extracted.meta.lang ?? 'en' }), html: extracted.html });
  }
  await extractor.close();
  book = path.join(dir, 'book.epub');
  await writeEpub(book, fakeSource(items, { [PNG_NAME]: path.join(dir, 'dot.png'), [WEBP_NAME]: path.join(dir, 'x.webp') }), 'tag:x');
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('epub export', () => {
  it('starts with mimetype, stored uncompressed', () => {
    const bytes = readFileSync(book);
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect(bytes.readUInt16LE(8)).toBe(0); // method: stored
    expect(bytes.toString('latin1', 30, 38)).toBe('mimetype');
    expect(bytes.toString('latin1', 38, 58)).toBe('application/epub+zip');
  });

  it('chapters are well-formed XML; the local image is inside the book, remote and webp ones are not', () => {
    const entries = unzipSync(readFileSync(book));
    const chapters = Object.keys(entries).filter((n) => n.endsWith('.xhtml'));
    for (const name of chapters) {
      const dom = new JSDOM(strFromU8(entries[name]!), { contentType: 'application/xhtml+xml' }); // throws on a not well-formed document
      expect(dom.window.document.querySelector('script')).toBeNull();
    }
    const first = strFromU8(entries['OEBPS/a00001.xhtml']!);
    expect(first).toContain(`src="images/${PNG_NAME}"`);
    expect(first).toContain('&lt;script&gt;');
    expect(first).not.toContain('https://example.com/r.png');
    expect(Object.keys(entries)).toContain(`OEBPS/images/${PNG_NAME}`);
    expect(Object.keys(entries).some((n) => n.endsWith('.webp'))).toBe(false);
    expect(strFromU8(entries['OEBPS/content.opf']!)).toContain(`href="images/${PNG_NAME}" media-type="image/png"`);
  });

  it.skipIf(!hasEpubcheck)('is valid under epubcheck (no errors)', () => {
    const run = spawnSync('java', ['-jar', execFileSync('readlink', ['-f', '/usr/bin/epubcheck'], { encoding: 'utf8' }).trim(), book], { encoding: 'utf8', timeout: 120_000 });
    const report = `${run.stdout}\n${run.stderr}`;
    expect(report.split('\n').filter((l) => /^(ERROR|FATAL)/.test(l))).toEqual([]);
    expect(run.status).toBe(0);
  }, 130_000);

  it.skipIf(hasEpubcheck)('skipped: epubcheck is not installed (which epubcheck failed)', () => undefined);
});
