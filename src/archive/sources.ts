// Articles the user hands us: local files and (with extraction) any URL.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ArchiveApi, ArticleSummary, ImportOptions } from '../api.js';
import { TidingsError } from '../errors.js';
import { textToArticle } from '../extract/plaintext.js';
import { normalizeTag } from '../tags/normalize.js';
import { summarize } from './articles.js';
import type { ArchiveContext } from './context.js';
import { storeArticle } from './store-article.js';

type SourcesPart = Pick<ArchiveApi, 'importFile' | 'saveUrl' | 'extractArticle' | 'extractionStatus'>;

const MAX_FILE_BYTES = 20 * 1024 * 1024;

export function createSourcesPart(ctx: ArchiveContext): SourcesPart {
  return {
    async importFile(file: string, options: ImportOptions = {}): Promise<ArticleSummary> {
      const ext = path.extname(file).toLowerCase();
      if (ext !== '.txt') {
        throw new TidingsError('import', file, `cannot import ${ext || 'a file without extension'} files; use .txt, .html or .htm`, 'invalid');
      }
      const raw = await readLocalFile(file);
      const tags = (options.tags ?? []).map(normalizeTag);
      const article = textToArticle(raw, options);
      const { id } = await storeArticle(ctx, {
        content: {
          source: 'file', feedId: null, guid: null, url: null,
          title: article.title, byline: null, siteName: null, lang: article.lang, publishedAt: null,
          excerpt: article.excerpt, wordCount: article.wordCount, readingMinutes: article.readingMinutes,
          leadImage: null, enclosures: [], suggestedTags: [],
          extraction: { status: 'done', reason: null, attempts: 1, at: new Date().toISOString() },
        },
        html: article.html,
        text: article.text,
        state: { tags, savedAt: new Date().toISOString() },
      });
      return summarize(ctx, ctx.article(id));
    },

    async saveUrl(url) {
      throw new TidingsError('extract', url, 'saving pages is not available in this archive', 'invalid');
    },

    async extractArticle(id) {
      throw new TidingsError('extract', id, 'extraction is not available in this archive', 'invalid');
    },

    async extractionStatus() {
      return { queued: 0, running: 0, done: 0, failed: 0 };
    },
  };
}

export async function readLocalFile(file: string): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TidingsError('import', file, code === 'ENOENT' ? 'no such file' : `cannot read (${code})`, code === 'ENOENT' ? 'not-found' : 'failed');
  }
  if (!stat.isFile()) throw new TidingsError('import', file, 'not a file', 'invalid');
  if (stat.size > MAX_FILE_BYTES) throw new TidingsError('import', file, `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, 'invalid');
  const bytes = await fs.readFile(file);
  if (bytes.includes(0)) throw new TidingsError('import', file, 'looks like a binary file, not text', 'invalid');
  return new TextDecoder('utf-8').decode(bytes);
}
