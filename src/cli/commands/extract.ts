// Commands on extraction: save a page by URL (read-it-later), extract an article again,
// show the extraction queue. (`import-file` is in articles.ts: it calls the same API.)

import { TidingsError } from '../../errors.js';
import { type Command, listFlag, printJson, TAGS_OPTION } from '../command.js';

export const extractCommands: Command[] = [
  {
    name: 'save',
    usage: 'save URL [--tags=a,b]',
    summary: 'save a web page into the archive (read it later, offline)',
    options: TAGS_OPTION,
    args: [1, 1],
    async run(ctx) {
      const tags = listFlag(ctx, 'tags');
      const article = await ctx.archive.saveUrl(ctx.args[0]!, { tags });
      if (ctx.json) return printJson(ctx, article);
      ctx.out(`saved ${article.id} ${article.title}`);
      if (article.extraction.status === 'failed') ctx.out(`extraction failed: ${article.extraction.reason ?? 'unknown reason'} (try again with: extract ${article.id})`);
    },
  },
  {
    name: 'extract',
    usage: 'extract ID',
    summary: "extract an article again from its page or file (keeps read, star, tags)",
    args: [1, 1],
    async run(ctx) {
      const article = await ctx.archive.extractArticle(ctx.args[0]!);
      if (ctx.json) return printJson(ctx, article);
      // The article is kept either way; a failed extraction is still a failed command (exit 1).
      if (article.extraction.status === 'failed') throw new TidingsError('extract', article.id, article.extraction.reason ?? 'failed');
      ctx.out(`extracted ${article.id} ${article.title} (${article.wordCount} words)`);
    },
  },
  {
    name: 'extraction',
    usage: 'extraction',
    summary: 'the extraction queue: queued, running, done, failed',
    args: [0, 0],
    async run(ctx) {
      const status = await ctx.archive.extractionStatus();
      if (ctx.json) return printJson(ctx, status);
      ctx.out(`queued ${status.queued}, running ${status.running}, done ${status.done}, failed ${status.failed}`);
    },
  },
];
