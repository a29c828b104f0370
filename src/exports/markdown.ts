// Markdown for notes apps (Obsidian, Logseq, plain folders): one `<slug>.md` per article with
// YAML front matter, the body converted from our sanitized HTML, images copied into a shared
// `assets/` folder with relative links, and the highlights and note under "## Highlights".
// OUT is a folder (refused when it holds anything but an earlier Tidings markdown export), or,
// ending in `.zip`, the same folder as one zip (a browser downloads one file).

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ArticleRecord } from '../model/index.js';
import { TidingsError } from '../errors.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { Slugs } from './slug.js';
import { type ExportSource, type Written, assetsOf, isCompressible } from './source.js';
import { ZipFileWriter } from './zip-writer.js';

/** The file that marks a folder as ours: an export may replace a folder that holds it. */
export const MARKER = '.tidings-markdown-export';

export async function writeMarkdown(out: string, source: ExportSource): Promise<Written> {
  return out.toLowerCase().endsWith('.zip') ? toZip(out, source) : toFolder(out, source);
}

/** What goes in the folder, as (relative name, data or a file to copy). */
type Entry = { name: string; data: string } | { name: string; file: string };

async function* entries(source: ExportSource): AsyncGenerator<Entry> {
  const slugs = new Slugs();
  const assets = new Map<string, string>();
  const total = source.articles.length;
  for (const [i, article] of source.articles.entries()) {
    const html = await source.readHtml(article.id);
    for (const name of assetsOf(article, html)) {
      const file = source.assetPath(name);
      if (file) assets.set(name, file);
    }
    const image = (src: string) => {
      const name = /^tidings-asset:(.+)$/.exec(src)?.[1];
      return name && assets.has(name) ? `assets/${name}` : src;
    };
    yield { name: `${slugs.take(article.title || article.url || 'untitled')}.md`, data: markdownOf(article, htmlToMarkdown(html, image)) };
    source.progress(i + 1, total);
  }
  for (const [name, file] of assets) yield { name: `assets/${name}`, file };
  yield { name: MARKER, data: 'A Markdown export of Tidings: exporting again into this folder replaces it.\n' };
}

/** The whole `.md` file: front matter, body, highlights. */
export function markdownOf(article: ArticleRecord, body: string): string {
  const lines = ['---', `title: ${yamlString(article.title)}`];
  if (article.url) lines.push(`url: ${yamlString(article.url)}`);
  if (article.byline) lines.push(`author: ${yamlString(article.byline)}`);
  if (article.publishedAt) lines.push(`published: ${yamlString(article.publishedAt)}`);
  lines.push(`saved: ${yamlString(article.savedAt ?? article.addedAt)}`);
  lines.push(article.tags.length > 0 ? 'tags:' : 'tags: []', ...article.tags.map((t) => `  - ${yamlString(t)}`));
  lines.push('---', '', body.trimEnd());
  const highlights = highlightsOf(article);
  if (highlights) lines.push('', highlights);
  return `${lines.join('\n')}\n`;
}

function highlightsOf(article: ArticleRecord): string | null {
  const list = article.highlights ?? [];
  if (list.length === 0 && !article.note) return null;
  const parts = ['## Highlights'];
  if (article.note) parts.push(article.note.trim());
  for (const h of list) {
    parts.push(h.quote.exact.split(/\r?\n/).map((line) => `> ${line}`).join('\n'));
    if (h.note) parts.push(h.note.trim());
  }
  return parts.join('\n\n');
}

/**
 * A YAML double-quoted scalar: JSON's string syntax is valid YAML, and escapes quotes, newlines
 * and control characters, so `: `, `"`, `---` or a line break stay inside the value.
 */
export function yamlString(text: string): string {
  return JSON.stringify(text).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

async function toZip(out: string, source: ExportSource): Promise<Written> {
  const zip = await ZipFileWriter.create(out);
  try {
    let assets = 0;
    for await (const entry of entries(source)) {
      if ('file' in entry) {
        await zip.addFile(entry.name, entry.file, isCompressible(entry.name));
        assets++;
      } else await zip.add(entry.name, entry.data, true);
    }
    const bytes = await zip.finish();
    return { path: out, articles: source.articles.length, assets, bytes };
  } catch (error) {
    await zip.abort();
    throw error;
  }
}

/** Written into a new folder beside OUT, then swapped in: an earlier export is replaced whole, or kept whole. */
async function toFolder(out: string, source: ExportSource): Promise<Written> {
  const existing = await fs.readdir(out).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    if (error.code === 'ENOTDIR') throw new TidingsError('export', out, 'is a file; markdown needs a folder (or a name ending in .zip)', 'invalid');
    throw error;
  });
  if (existing && existing.length > 0 && !existing.includes(MARKER)) throw new TidingsError('export', out, 'the folder is not empty and is not an earlier Tidings markdown export: choose an empty or new folder', 'invalid');
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.${randomBytes(4).toString('hex')}.tmp`);
  await fs.mkdir(path.join(temp, 'assets'), { recursive: true });
  try {
    let assets = 0;
    let bytes = 0;
    for await (const entry of entries(source)) {
      const target = path.join(temp, entry.name);
      if ('file' in entry) {
        await fs.copyFile(entry.file, target);
        assets++;
        bytes += (await fs.stat(target)).size;
      } else {
        await fs.writeFile(target, entry.data);
        bytes += Buffer.byteLength(entry.data);
      }
    }
    if (existing) {
      const old = `${temp}.old`;
      await fs.rename(out, old);
      await fs.rename(temp, out);
      await fs.rm(old, { recursive: true, force: true });
    } else await fs.rename(temp, out);
    return { path: out, articles: source.articles.length, assets, bytes };
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    throw error;
  }
}
