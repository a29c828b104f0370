// Commands on articles: list, show, import-file, tag, untag, read, unread, star, unstar, delete, stats.

import type { ArticleSummary, Enclosure, SmartView } from '../../api.js';
import { isFirstSeen, sortDate } from '../../search/index.js';
import { type Command, type CommandContext, flagString, intFlag, LIMIT_OPTIONS, listFlag, printJson, TAGS_OPTION } from '../command.js';
import { statsImagesLine } from '../images.js';

const VIEWS: SmartView[] = ['all', 'unread', 'starred', 'today', 'saved', 'started'];

export const articleCommands: Command[] = [
  {
    name: 'list',
    usage: 'list [--view=all|unread|starred|today|saved|started] [--sort=date|progress|recent] [--tag=TAG] [--feed=ID] [--limit=N] [--offset=N]',
    summary: 'list articles, newest first (started: begun and not finished, most recently read first)',
    options: {
      view: { type: 'string', value: 'VIEW', help: 'which articles (default all)', choices: VIEWS },
      sort: { type: 'string', value: 'ORDER', help: 'date; progress: started articles first, furthest read first; recent: started articles first, most recently read first (default date; recent for --view=started)', choices: ['date', 'progress', 'recent'] },
      tag: { type: 'string', value: 'TAG', help: 'only articles with this tag' },
      feed: { type: 'string', value: 'ID', help: 'only articles of this feed' },
      ...LIMIT_OPTIONS,
    },
    args: [0, 0],
    async run(ctx) {
      const view = flagString(ctx, 'view') ?? 'all';
      const page = await ctx.archive.listArticles({
        view: view as SmartView,
        sort: (flagString(ctx, 'sort') ?? (view === 'started' ? 'recent' : 'date')) as 'date' | 'progress' | 'recent',
        tag: flagString(ctx, 'tag'),
        feedId: flagString(ctx, 'feed'),
        limit: intFlag(ctx, 'limit') ?? 50,
        offset: intFlag(ctx, 'offset') ?? 0,
      });
      if (ctx.json) return printJson(ctx, page);
      page.items.forEach((a) => ctx.out(articleLine(a)));
      ctx.out(`${page.items.length} of ${page.total} articles`);
    },
  },
  {
    name: 'show',
    usage: 'show ID [--html]',
    summary: "show an article's metadata and text",
    options: { html: { type: 'boolean', help: 'print the clean HTML instead of the text' } },
    args: [1, 1],
    async run(ctx) {
      const article = await ctx.archive.getArticle(ctx.args[0]!);
      if (ctx.json) return printJson(ctx, article);
      ctx.out(article.title);
      const meta = [article.byline, article.siteName ?? article.feedTitle, article.publishedAt?.slice(0, 10), article.lang].filter(Boolean);
      if (meta.length) ctx.out(meta.join(' · '));
      if (article.url) ctx.out(article.url);
      ctx.out(`id ${article.id} · ${article.read ? 'read' : 'unread'}${article.starred ? ' · starred' : ''}${article.tags.length ? ` · tags: ${article.tags.join(', ')}` : ''}`);
      if (article.extraction.status === 'failed') ctx.out(`extraction failed: ${article.extraction.reason ?? 'unknown reason'}`);
      enclosureLines(article.enclosures, (name) => ctx.archive.assetPath(name)).forEach((line) => ctx.out(line));
      ctx.out('');
      ctx.out(ctx.flags.html ? article.html : article.text);
    },
  },
  {
    name: 'import-file',
    usage: 'import-file PATH [--tags=a,b] [--title=TITLE]',
    summary: 'save a local .html, .htm or .txt file into the archive',
    options: { ...TAGS_OPTION, title: { type: 'string', value: 'TITLE', help: 'the title to give it' } },
    args: [1, 1],
    async run(ctx) {
      const tags = listFlag(ctx, 'tags');
      const article = await ctx.archive.importFile(ctx.args[0]!, { tags, title: flagString(ctx, 'title') });
      if (ctx.json) return printJson(ctx, article);
      ctx.out(`saved ${article.id} ${article.title}`);
    },
  },
  tagCommand('tag', 'add tags to an article', (ctx, id, tags) => ctx.archive.tagArticles([id], tags)),
  tagCommand('untag', 'remove tags from an article', (ctx, id, tags) => ctx.archive.untagArticles([id], tags)),
  stateCommand('read', 'mark articles read', (ctx, ids) => ctx.archive.setRead(ids, true)),
  stateCommand('unread', 'mark articles unread', (ctx, ids) => ctx.archive.setRead(ids, false)),
  stateCommand('star', 'star articles', (ctx, ids) => ctx.archive.setStarred(ids, true)),
  stateCommand('unstar', 'unstar articles', (ctx, ids) => ctx.archive.setStarred(ids, false)),
  stateCommand('delete', 'delete articles for good (a refresh will not bring them back)', (ctx, ids) => ctx.archive.deleteArticles(ids)),
  {
    name: 'stats',
    usage: 'stats',
    summary: 'counts and sizes of the archive',
    args: [0, 0],
    async run(ctx) {
      const stats = await ctx.archive.stats();
      const imageQueue = await ctx.archive.imageStatus();
      if (ctx.json) return printJson(ctx, { ...stats, imageQueue });
      const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
      ctx.out(`articles ${stats.articles} (unread ${stats.unread}, starred ${stats.starred}, saved ${stats.saved})`);
      ctx.out(`feeds ${stats.feeds}, tags ${stats.tags}, failed extractions ${stats.failedExtractions}`);
      ctx.out(`library ${mb(stats.bytes.library)}, articles ${mb(stats.bytes.articles)}, images ${mb(stats.bytes.assets)}, index ${mb(stats.bytes.index)}`);
      ctx.out(statsImagesLine(imageQueue));
      ctx.out(`data directory ${ctx.archive.dataDir}`);
    },
  },
];

/** An article's enclosures for `show`: URL, type and size, then the kept copy's path or why there is none. */
export function enclosureLines(enclosures: readonly Enclosure[], assetPath: (name: string) => string | null): string[] {
  return enclosures.flatMap((e) => {
    const about = [e.type, sizeText(e.length)].filter(Boolean).join(', ');
    const lines = [`enclosure: ${e.url}${about ? ` (${about})` : ''}`];
    const file = e.asset ? assetPath(e.asset) : null;
    if (file) lines.push(`  kept offline: ${file}`);
    else if (e.assetError) lines.push(`  not kept offline: ${e.assetError}`);
    // Feed text goes to a terminal: no escape sequences.
    return lines.map((line) => line.replace(/[\u0000-\u001f\u007f-\u009f]/g, ''));
  });
}

function sizeText(bytes: number | null): string | null {
  if (bytes === null || bytes <= 0) return null;
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function articleLine(a: ArticleSummary): string {
  const mark = `${a.read ? ' ' : '•'}${a.starred ? '★' : ' '}`;
  // The date the list sorts by; a first-seen time (the feed gave no usable date) says so.
  const date = `${isFirstSeen(a) ? 'seen ' : ''}${sortDate(a).slice(0, 10)}`;
  const source = a.feedTitle ?? a.siteName ?? (a.source === 'file' ? 'file' : '');
  const tags = a.tags.length ? `  [${a.tags.join(', ')}]` : '';
  return `${a.id} ${mark} ${date}  ${a.title}${source ? ` — ${source}` : ''}${tags}`;
}

function tagCommand(name: string, summary: string, act: (ctx: CommandContext, id: string, tags: string[]) => Promise<number>): Command {
  return {
    name,
    usage: `${name} ID TAG...`,
    summary,
    args: [2, Infinity],
    async run(ctx) {
      const [id, ...tags] = ctx.args;
      const changed = await act(ctx, id!, tags);
      if (ctx.json) return printJson(ctx, { changed });
      ctx.out(changed ? `${name === 'tag' ? 'tagged' : 'untagged'} ${id}` : 'nothing changed');
    },
  };
}

function stateCommand(name: string, summary: string, act: (ctx: CommandContext, ids: string[]) => Promise<number>): Command {
  return {
    name,
    usage: `${name} ID...`,
    summary,
    args: [1, Infinity],
    async run(ctx) {
      const changed = await act(ctx, ctx.args);
      if (ctx.json) return printJson(ctx, { changed });
      ctx.out(`${changed} article${changed === 1 ? '' : 's'} changed`);
    },
  };
}

