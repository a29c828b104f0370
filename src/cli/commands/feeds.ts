// Commands on feeds: add-feed, feeds, remove-feed, rename-feed, move-feed, feed-options,
// refresh, import-opml, export-opml, discover.

import { promises as fs } from 'node:fs';
import type { AddFeedOptions, ArchiveEvent, DiscoveredFeed, FeedPatch, FeedSummary, OpmlImportResult, RefreshTarget } from '../../api.js';
import { TidingsError } from '../../errors.js';
import { decodeBody } from '../../net/index.js';
import { writeFileAtomic } from '../../store/index.js';
import { LIMITS } from '../../contract/index.js';
import { type Command, type CommandContext, flagString, intFlag, printJson, UsageError } from '../command.js';
import { waitForFullTexts } from '../full-texts.js';
import { DEFAULT_IMAGE_WAIT_SECONDS, refreshImagesLine, waitForImagesBriefly } from '../images.js';

const FULL_TEXT_WORDS = { always: 'full articles always', auto: 'full articles for teasers', never: "the feed's text only" } as const;



/** How long a command that refreshes spends on the images of what it stored (refresh, import-opml). */
const IMAGES_FOR = {
  type: 'string', value: 'SECONDS', whole: LIMITS.imageWaitSeconds,
  help: `after storing the articles, spend at most this long on their images (default ${DEFAULT_IMAGE_WAIT_SECONDS}; 0: do not wait); the rest stay queued for next time`,
} as const;
export const feedCommands: Command[] = [
  {
    name: 'add-feed',
    usage: 'add-feed URL [--folder=F] [--title=T] [--full] [--first]',
    summary: 'subscribe to a feed, or to the feed a web page offers (example.com is enough)',
    options: {
      folder: { type: 'string', value: 'F', help: 'put it in this folder' },
      title: { type: 'string', value: 'T', help: 'give it this title' },
      full: { type: 'boolean', help: 'fetch the full article of each item' },
      first: { type: 'boolean', help: 'if the page offers several feeds, take the first (else they are listed, exit code 2)' },
    },
    args: [1, 1],
    async run(ctx) {
      const options: AddFeedOptions = { folder: flagString(ctx, 'folder') ?? null, title: flagString(ctx, 'title'), fullText: ctx.flags.full === true ? 'always' : 'auto' };
      let result = await ctx.archive.addFeed(ctx.args[0]!, options);
      if (result.status === 'choose' && ctx.flags.first === true) result = await ctx.archive.addFeed(result.candidates[0]!.url, options);
      if (result.status === 'choose') return refuseChoice(ctx, result.candidates);
      if (ctx.json) return printJson(ctx, result);
      if (result.status === 'exists') return ctx.out(`already subscribed: ${feedLine(result.feed)}`);
      ctx.out(`added ${feedLine(result.feed)}, ${result.newArticles} new articles`);
    },
  },
  {
    name: 'feeds',
    usage: 'feeds',
    summary: 'list feeds with unread counts and errors',
    args: [0, 0],
    async run(ctx) {
      const feeds = await ctx.archive.listFeeds();
      if (ctx.json) return printJson(ctx, feeds);
      for (const feed of feeds) {
        ctx.out(feedLine(feed));
        if (feed.gone) ctx.out('    gone: the server said the feed was removed (410)');
        if (feed.lastError) ctx.out(`    error (${feed.errorCount} in a row): ${feed.lastError}`);
      }
      ctx.out(`${feeds.length} feeds`);
    },
  },
  {
    name: 'remove-feed',
    usage: 'remove-feed ID',
    summary: 'unsubscribe; starred, tagged and saved articles stay',
    args: [1, 1],
    async run(ctx) {
      await ctx.archive.removeFeed(ctx.args[0]!);
      if (ctx.json) return printJson(ctx, { removed: ctx.args[0] });
      ctx.out(`removed ${ctx.args[0]}`);
    },
  },
  {
    name: 'rename-feed',
    usage: 'rename-feed ID TITLE',
    summary: 'give a feed another title',
    args: [2, Infinity],
    async run(ctx) {
      const feed = await ctx.archive.updateFeed(ctx.args[0]!, { title: ctx.args.slice(1).join(' ') });
      if (ctx.json) return printJson(ctx, feed);
      ctx.out(`renamed: ${feedLine(feed)}`);
    },
  },
  {
    name: 'feed-options',
    usage: 'feed-options ID [--every=MINUTES|--every-default] [--keep=DAYS|--keep-forever] [--full|--auto-full|--no-full]',
    summary: "a feed's own refresh interval, how long its read articles are kept, full articles",
    options: {
      every: { type: 'string', value: 'MINUTES', help: 'refresh it this often', whole: LIMITS.feedRefreshMinutes },
      'every-default': { type: 'boolean', help: 'refresh it as often as the others' },
      keep: { type: 'string', value: 'DAYS', help: 'remove its read articles after this many days', whole: LIMITS.retentionDays },
      'keep-forever': { type: 'boolean', help: 'keep its read articles' },
      full: { type: 'boolean', help: 'always fetch the full article of each item' },
      'auto-full': { type: 'boolean', help: 'fetch full articles when the feed carries only teasers (the default)' },
      'no-full': { type: 'boolean', help: 'never fetch: keep the text the feed gives' },
    },
    args: [1, 1],
    check({ flags }) {
      if (Object.keys(flags).length === 0) throw new UsageError('feed-options: give at least one option: --every=MINUTES, --every-default, --keep=DAYS, --keep-forever, --full, --auto-full or --no-full');
    },
    async run(ctx) {
      const patch: FeedPatch = {};
      const every = intFlag(ctx, 'every');
      if (every !== undefined) patch.refreshMinutes = every;
      if (ctx.flags['every-default'] === true) patch.refreshMinutes = null;
      const keep = intFlag(ctx, 'keep');
      if (keep !== undefined) patch.retentionDays = keep;
      if (ctx.flags['keep-forever'] === true) patch.retentionDays = null;
      if (ctx.flags.full === true) patch.fullText = 'always';
      if (ctx.flags['auto-full'] === true) patch.fullText = 'auto';
      if (ctx.flags['no-full'] === true) patch.fullText = 'never';
      const feed = await ctx.archive.updateFeed(ctx.args[0]!, patch);
      if (ctx.json) return printJson(ctx, feed);
      const interval = feed.refreshMinutes === null ? 'at the default interval' : `every ${feed.refreshMinutes} min`;
      const kept = feed.retentionDays === null ? 'read articles kept forever' : `read articles kept ${feed.retentionDays} days`;
      ctx.out(`${feedLine(feed)}: refreshed ${interval}, ${kept}, ${FULL_TEXT_WORDS[feed.fullText ?? (feed.fetchFullArticle ? 'always' : 'auto')]}`);
    },
  },
  {
    name: 'move-feed',
    usage: 'move-feed ID FOLDER|--none',
    summary: 'move a feed to a folder, or out of any folder',
    options: { none: { type: 'boolean', help: 'take it out of its folder' } },
    args: [1, Infinity],
    check({ args, flags }) {
      if ((args.length > 1) === (flags.none === true)) throw new UsageError('move-feed: give either a folder or --none (to take the feed out of its folder)');
    },
    async run(ctx) {
      const folder = ctx.flags.none === true ? null : ctx.args.slice(1).join(' ');
      const feed = await ctx.archive.updateFeed(ctx.args[0]!, { folder });
      if (ctx.json) return printJson(ctx, feed);
      ctx.out(`moved: ${feedLine(feed)}`);
    },
  },
  {
    name: 'refresh',
    usage: 'refresh [ID|--folder=F] [--images-for=SECONDS]',
    summary: 'fetch new articles of one feed, a folder, or all feeds',
    options: {
      folder: { type: 'string', value: 'F', help: 'only the feeds of this folder' },
      'images-for': IMAGES_FOR,
    },
    args: [0, 1],
    check({ args, flags }) {
      if (args.length > 0 && flags.folder !== undefined) throw new UsageError('refresh: give a feed ID or --folder, not both');
    },
    async run(ctx) {
      const folder = flagString(ctx, 'folder');
      const target: RefreshTarget = ctx.args[0] ? { feedId: ctx.args[0] } : folder !== undefined ? { folder } : { all: true };
      // Progress is shown as it happens; the summary waits for the flush like any result.
      const off = ctx.json ? () => undefined : ctx.archive.on((event) => progressLine(ctx, event));
      try {
        const summary = await ctx.archive.refresh(target);
        // The full texts it queued (summary-only feeds) are stored before the archive closes.
        const pending = await waitForFullTexts(ctx.archive, ctx.json ? () => undefined : ctx.progress);
        // Then the images, for a bounded time: what is left stays queued in the archive.
        const images = await waitForImagesBriefly(ctx.archive, intFlag(ctx, 'images-for') ?? DEFAULT_IMAGE_WAIT_SECONDS, ctx.json ? () => undefined : ctx.progress);
        if (ctx.json) return printJson(ctx, { ...summary, images });
        ctx.out(`${summary.feeds} feeds: ${summary.ok} updated, ${summary.notModified} unchanged, ${summary.failed} failed; ${summary.newArticles} new articles`);
        if (pending) ctx.out(pending);
        const imagesLine = refreshImagesLine(images);
        if (imagesLine) ctx.out(imagesLine);
      } finally {
        off();
      }
    },
  },
  {
    name: 'import-opml',
    usage: 'import-opml FILE [--no-refresh] [--images-for=SECONDS]',
    summary: 'subscribe to the feeds of an OPML file and fetch them (folders kept; known feeds skipped)',
    options: { 'no-refresh': { type: 'boolean', help: 'only subscribe; the next refresh fetches them' }, 'images-for': IMAGES_FOR },
    args: [1, 1],
    async run(ctx) {
      const xml = await readOpml(ctx.args[0]!);
      const wait = ctx.flags['no-refresh'] !== true;
      // The first refresh shows its progress as it goes, like `refresh`.
      const off = wait && !ctx.json ? ctx.archive.on((event) => progressLine(ctx, event)) : () => undefined;
      try {
        const result = await ctx.archive.importOpml(xml, wait ? { refresh: 'wait' } : {});
        // As after `refresh`: the images of what the first refresh stored, for a bounded time.
        const images = wait ? await waitForImagesBriefly(ctx.archive, intFlag(ctx, 'images-for') ?? DEFAULT_IMAGE_WAIT_SECONDS, ctx.json ? () => undefined : ctx.progress) : null;
        if (ctx.json) return printJson(ctx, images ? { ...result, images } : result);
        result.errors.forEach((e) => ctx.out(`skipped: ${e}`));
        ctx.out(importSummary(result));
        const imagesLine = images ? refreshImagesLine(images) : null;
        if (imagesLine) ctx.out(imagesLine);
      } finally {
        off();
      }
    },
  },
  {
    name: 'export-opml',
    usage: 'export-opml [FILE]',
    summary: 'write the subscriptions as OPML 2.0 (to FILE, or to the output)',
    args: [0, 1],
    async run(ctx) {
      const xml = await ctx.archive.exportOpml();
      const file = ctx.args[0];
      if (!file) return ctx.out(xml.trimEnd());
      await writeFileAtomic(file, xml);
      if (ctx.json) return printJson(ctx, { file });
      ctx.out(`wrote ${file}`);
    },
  },
  {
    name: 'discover',
    usage: 'discover URL',
    summary: 'list the feeds a web page offers',
    args: [1, 1],
    async run(ctx) {
      const feeds = await ctx.archive.discoverFeeds(ctx.args[0]!);
      if (ctx.json) return printJson(ctx, feeds);
      feeds.forEach((f) => ctx.out(`${f.url}  (${f.type}${f.title ? `, ${f.title}` : ''})`));
      ctx.out(feeds.length === 0 ? 'no feeds found' : `${feeds.length} feeds found`);
    },
  },
];

/**
 * Several feeds and no --first: the candidates on the output (URL first, for scripts), and
 * exit code 2 with what to do, without subscribing to any.
 */
function refuseChoice(ctx: CommandContext, candidates: DiscoveredFeed[]): never {
  if (ctx.json) ctx.progress(JSON.stringify({ status: 'choose', candidates }, null, 2));
  else candidates.forEach((c) => ctx.progress(`${c.url}  ${c.title ?? `(${c.type}, untitled)`}`));
  throw new TidingsError('feeds', ctx.args[0]!, `this page offers ${candidates.length} feeds; add one of them by its URL, or use --first`, 'invalid');
}

function importSummary(result: OpmlImportResult): string {
  const counts = [`${plural(result.added, 'feed')} added`, `${result.existing} already there`];
  if (result.duplicates) counts.push(plural(result.duplicates, 'duplicate'));
  if (result.invalid) counts.push(`${result.invalid} invalid`);
  counts.push(`${result.folders} folders`);
  const refresh = result.refresh;
  const tail = refresh
    ? `first refresh: ${refresh.ok} updated, ${refresh.failed} failed; ${refresh.newArticles} new articles`
    : "run 'tidings refresh' to fetch them";
  return `${counts.join(', ')}; ${tail}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function feedLine(feed: FeedSummary): string {
  const folder = feed.folder ? `${feed.folder}/` : '';
  return `${feed.id}  ${folder}${feed.title}  ${feed.unread} unread of ${feed.total}  ${feed.url}`;
}

function progressLine(ctx: CommandContext, event: ArchiveEvent): void {
  if (event.type !== 'refresh' || event.phase !== 'feed') return;
  const outcome = event.error ? `failed: ${event.error}` : `${event.newArticles} new`;
  ctx.progress(`feed ${event.index} of ${event.total}: ${event.title ?? event.feedId}: ${outcome}`);
}

async function readOpml(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    const stat = await fs.stat(file);
    if (stat.size > LIMITS.opml) throw new TidingsError('opml', file, `larger than ${LIMITS.opml / 1024 / 1024} MB`, 'invalid');
    bytes = await fs.readFile(file);
  } catch (error) {
    if (error instanceof TidingsError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new TidingsError('opml', file, code === 'ENOENT' ? 'no such file' : `cannot read (${code})`, code === 'ENOENT' ? 'not-found' : 'failed');
  }
  return decodeBody(bytes, null, 'xml');
}
