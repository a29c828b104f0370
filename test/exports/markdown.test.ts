// Markdown export: YAML front matter that parses back to the same values whatever the title
// holds, file names every file system takes, the body converted element by element, images
// copied with relative links, highlights and the note, and a folder never overwritten unless it
// is an earlier export of ours.

import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMarkdown } from '../../src/exports/index.js';
import { htmlToMarkdown } from '../../src/exports/html-to-markdown.js';
import { markdownOf } from '../../src/exports/markdown.js';
import { Slugs, slugOf } from '../../src/exports/slug.js';
import { article, fakeSource } from './fake-source.js';

const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
let dir: string;
const PNG_NAME = `${'ab'.repeat(32)}.png`;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-markdown-'));
  writeFileSync(path.join(dir, 'image.png'), 'png bytes');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function frontMatter(md: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(md);
  expect(match).not.toBeNull();
  return yaml.load(match![1]!) as Record<string, unknown>;
}

describe('front matter', () => {
  const hostile = [
    'Key: value and more: colons',
    'A "quoted" title with \\ backslash',
    'Two\nlines',
    '---',
    '--- \n---\ntitle: injected',
    '# not a comment',
    "'single' & <b>bold</b> @at `tick` {brace} [list] *star",
    'Ünïcödé 漢字 🎉 \u2028 line separator',
    '',
  ];
  for (const title of hostile) {
    it(`parses back: ${JSON.stringify(title)}`, () => {
      const md = markdownOf(article({ title, tags: ['a: b', '"q"', '- dash'], byline: 'X: "Y"', publishedAt: '2020-01-02T03:04:05.000Z' }), 'Body');
      const fm = frontMatter(md);
      expect(fm).toEqual({ title, url: expect.any(String), author: 'X: "Y"', published: '2020-01-02T03:04:05.000Z', saved: '2024-05-06T07:08:09.000Z', tags: ['a: b', '"q"', '- dash'] });
    });
  }
  it('no tags: an empty list', () => {
    expect(frontMatter(markdownOf(article(), 'x')).tags).toEqual([]);
  });
});

describe('file names', () => {
  it('are safe on Windows, macOS and Linux', () => {
    expect(slugOf('a/b\\c:d*e?f"g<h>i|j')).toBe('a-b-c-d-e-f-g-h-i-j');
    expect(slugOf('CON')).toBe('CON-');
    expect(slugOf('lpt1.txt')).toBe('lpt1.txt-');
    expect(slugOf('Trailing dots...')).toBe('Trailing-dots');
    expect(slugOf('...')).toBe('untitled');
    expect(slugOf('')).toBe('untitled');
    expect(slugOf('tab\there\u0000nul')).toBe('tab-here-nul');
    expect(slugOf('x'.repeat(300)).length).toBe(100);
    expect(Buffer.byteLength(slugOf('漢'.repeat(100)))).toBeLessThanOrEqual(200);
  });
  it('are unique without regard to case', () => {
    const slugs = new Slugs();
    expect(['Same', 'same', 'SAME', 'x'.repeat(120), 'x'.repeat(130)].map((t) => slugs.take(t))).toEqual(['Same', 'same-2', 'SAME-3', 'x'.repeat(100), `${'x'.repeat(98)}-2`]);
  });
});

describe('body', () => {
  it('converts headings, paragraphs, links, lists, emphasis, code, blockquotes and images', () => {
    const html = '<h2>Part <em>one</em></h2><p>Some <strong>bold</strong> and <em>soft</em> words with <a href="https://x.org/a_(b)">a link</a> and <code>a `tick`</code>.</p>'
      + '<ul><li>one</li><li>two <a href="https://y.org">y</a></li></ul><ol start="3"><li>three</li><li>four</li></ol>'
      + '<blockquote><p>Quoted</p><p>twice</p></blockquote><pre><code>let x = 1;\n``` fence</code></pre>'
      + `<p><img src="tidings-asset:${PNG_NAME}" alt="a dot"> <img src="https://remote.example/i.png" alt=""></p><p>1. not a list * nor _emphasis_</p>`;
    const md = htmlToMarkdown(html, (src) => (src.startsWith('tidings-asset:') ? `assets/${src.slice(14)}` : src));
    expect(md).toBe([
      '## Part _one_',
      '',
      'Some **bold** and _soft_ words with [a link](<https://x.org/a_(b)>) and `` a `tick` ``.',
      '',
      '- one',
      '- two [y](https://y.org)',
      '',
      '3. three',
      '4. four',
      '',
      '> Quoted',
      '>',
      '> twice',
      '',
      '````',
      'let x = 1;',
      '``` fence',
      '````',
      '',
      `![a dot](assets/${PNG_NAME}) ![](https://remote.example/i.png)`,
      '',
      '1\\. not a list \\* nor \\_emphasis\\_',
      '',
    ].join('\n'));
  });
});

describe('writing the folder', () => {
  const items = () => [
    { article: article({ title: 'With: a picture', highlights: [{ id: 'h', quote: { type: 'TextQuoteSelector', exact: 'first line\nsecond line', prefix: '', suffix: '' }, position: null, color: 'yellow', note: 'my thought', createdAt: '2024-01-01T00:00:00Z' }], note: 'The whole article' }), html: `<p>See <img src="tidings-asset:${PNG_NAME}" alt="pic"></p>` },
    { article: article({ title: 'With: a picture' }), html: '<p>Second</p>' },
  ];
  it('one .md per article, images in assets/ with relative links, highlights and the note', async () => {
    const out = path.join(dir, 'notes');
    const result = await writeMarkdown(out, fakeSource(items(), { [PNG_NAME]: path.join(dir, 'image.png') }));
    expect(result).toMatchObject({ articles: 2, assets: 1 });
    expect(readdirSync(out).sort()).toEqual(['.tidings-markdown-export', 'With-a-picture-2.md', 'With-a-picture.md', 'assets'].sort());
    const md = readFileSync(path.join(out, 'With-a-picture.md'), 'utf8');
    expect(md).toContain(`![pic](assets/${PNG_NAME})`);
    expect(existsSync(path.join(out, 'assets', PNG_NAME))).toBe(true);
    expect(md).toContain('## Highlights\n\nThe whole article\n\n> first line\n> second line\n\nmy thought\n');
  });
  it('refuses a non-empty folder that is not an earlier export, and replaces one that is', async () => {
    const mine = path.join(dir, 'mine');
    mkdirSync(mine);
    writeFileSync(path.join(mine, 'diary.txt'), 'keep me');
    await expect(writeMarkdown(mine, fakeSource(items()))).rejects.toThrow(/not empty/);
    expect(readdirSync(mine)).toEqual(['diary.txt']);
    const again = path.join(dir, 'notes');
    await writeMarkdown(again, fakeSource([{ article: article({ title: 'Only one' }), html: '<p>x</p>' }]));
    expect(readdirSync(again).filter((n) => n.endsWith('.md'))).toEqual(['Only-one.md']);
  });
  it('OUT ending in .zip: the same folder as one zip', async () => {
    const out = path.join(dir, 'notes.zip');
    await writeMarkdown(out, fakeSource(items(), { [PNG_NAME]: path.join(dir, 'image.png') }));
    const entries = unzipSync(readFileSync(out));
    expect(Object.keys(entries).sort()).toEqual(['.tidings-markdown-export', 'With-a-picture-2.md', 'With-a-picture.md', `assets/${PNG_NAME}`].sort());
    expect(strFromU8(entries['With-a-picture.md']!)).toContain('title: "With: a picture"');
  });
});
