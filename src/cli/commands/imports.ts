// `import FILE`: another app's export (Pocket, Instapaper, Omnivore, Wallabag, Karakeep,
// Raindrop, browser bookmarks, OPML) or Tidings' own archive, into the archive. One summary
// line; each problem on its own line and exit 2 when there were any (the rest was imported:
// never a partial silent import); `--wait` stays while the pages are fetched, with progress.
// An OPML file: its feeds are subscribed to and fetched (the command stays until they are),
// said in feed words.

import type { ImportResult, ImportStatus, RefreshSummary } from '../../api.js';
import { IMPORT_FORMATS, type ImportFormat } from '../../api.js';
import { LIMITS } from '../../contract/index.js';
import { TidingsError } from '../../errors.js';
import { type Command, type CommandContext, flagString, intFlag, listFlag, TAGS_OPTION } from '../command.js';
import { DEFAULT_IMAGE_WAIT_SECONDS, refreshImagesLine, waitForImagesBriefly } from '../images.js';

/** `--wait` alone: until every page is fetched, within the longest wait the contract allows. */
const WAIT_ALL_SECONDS = LIMITS.imageWaitSeconds.max;
const PROGRESS_EVERY_MS = 1_000;

export const importCommands: Command[] = [
  {
    name: 'import',
    usage: 'import FILE [--format=F] [--tags=a,b] [--wait] [--wait-for=SECONDS]',
    summary: "import another app's export (Pocket, Instapaper, Omnivore, Wallabag, Karakeep, Raindrop, bookmarks, OPML) or a Tidings archive",
    options: {
      format: { type: 'string', value: 'F', choices: IMPORT_FORMATS, help: `read the file as this format instead of detecting it (${IMPORT_FORMATS.join(', ')})` },
      ...TAGS_OPTION,
      wait: { type: 'boolean', help: 'stay until the pages the file does not ship are fetched, showing progress' },
      'wait-for': { type: 'string', value: 'SECONDS', whole: LIMITS.imageWaitSeconds, help: 'like --wait, for at most SECONDS (what is left is fetched at a later start)' },
    },
    args: [1, 1],
    async run(ctx) {
      const format = flagString(ctx, 'format') as ImportFormat | undefined;
      const tags = listFlag(ctx, 'tags');
      // An OPML file's feeds are fetched by the archive in the background: followed from the start.
      const fetch = followFeedFetch(ctx);
      let result: ImportResult;
      try {
        result = await ctx.archive.importLibrary(ctx.args[0]!, { ...(format ? { format } : {}), ...(tags ? { tags } : {}) });
        if (result.feeds) return await reportFeeds(ctx, result, fetch.done);
      } finally {
        fetch.stop();
      }
      const waitFor = intFlag(ctx, 'wait-for') ?? (ctx.flags.wait === true ? WAIT_ALL_SECONDS : null);
      // Problems exit 2, so what is said goes out at once (held output is shown only on success).
      const say = result.problems.length > 0 ? ctx.progress : ctx.out;
      if (ctx.json) say(JSON.stringify(result, null, 2));
      else {
        say(summaryLine(result));
        for (const problem of result.problems) say(problemLine(problem));
      }
      if (waitFor !== null && result.queued > 0) await waitWithProgress(ctx, waitFor, result.problems.length > 0);
      if (result.problems.length > 0) throw new TidingsError('import', ctx.args[0]!, `${plural(result.problems.length, 'problem')}: those entries were not imported, the rest was`, 'invalid');
    },
  },
];

/** `imported 10,000 from pocket-csv: 9,950 new (12 stored, 9,938 to fetch), 48 already here, 2 problems` */
export function summaryLine(r: ImportResult): string {
  const parts = [`${n(r.added)} new (${n(r.stored)} stored, ${n(r.queued)} to fetch)`];
  const here = r.merged + r.unchanged;
  parts.push(`${n(here)} already here${r.merged > 0 ? ` (${n(r.merged)} updated)` : ''}`);
  if (r.deleted) parts.push(`${n(r.deleted)} deleted here before, not brought back`);
  if (r.duplicates) parts.push(`${n(r.duplicates)} listed twice, taken once`);
  if (r.feeds) parts.push(`${n(r.feeds.added)} feeds added`);
  parts.push(plural(r.problems.length, 'problem'));
  return `imported ${n(r.items)} from ${r.format}: ${parts.join(', ')}`;
}

/** `37 feeds added, fetching them now; 3 already subscribed` */
export function feedsLine(r: ImportResult): string {
  const feeds = r.feeds!;
  const fetching = feeds.refreshing ? `, fetching ${feeds.refreshing === 1 ? 'it' : 'them'} now` : '';
  const more = [`${plural(feeds.added, 'feed')} added${fetching}`];
  if (feeds.existing) more.push(`${n(feeds.existing)} already subscribed`);
  if (feeds.duplicates) more.push(`${n(feeds.duplicates)} listed twice, taken once`);
  if (r.problems.length > 0) more.push(plural(r.problems.length, 'problem'));
  return more.join('; ');
}

/** The feeds part of an OPML import: what was added, the first fetch followed to its end, the images of what it stored for a while. */
async function reportFeeds(ctx: CommandContext, result: ImportResult, fetched: Promise<RefreshSummary>): Promise<void> {
  const say = result.problems.length > 0 ? ctx.progress : ctx.out;
  if (!ctx.json) {
    for (const error of result.feeds!.errors) say(`skipped: ${error}`);
    for (const problem of result.problems) say(problemLine(problem));
    // Said at once (not held to the end like other output): the fetch's progress lines follow it.
    (result.feeds!.refreshing ? ctx.progress : say)(feedsLine(result));
  }
  const refresh = result.feeds!.refreshing ? await fetched : null;
  const images = refresh ? await waitForImagesBriefly(ctx.archive, DEFAULT_IMAGE_WAIT_SECONDS, ctx.json ? () => undefined : ctx.progress) : null;
  if (ctx.json) say(JSON.stringify(refresh ? { ...result, feeds: { ...result.feeds, refresh } } : result, null, 2));
  else if (refresh) {
    say(`fetched ${plural(refresh.feeds, 'feed')}: ${n(refresh.ok)} updated, ${n(refresh.failed)} failed; ${plural(refresh.newArticles, 'new article')}`);
    const imagesLine = images ? refreshImagesLine(images) : null;
    if (imagesLine) say(imagesLine);
  }
  if (result.problems.length > 0) throw new TidingsError('import', ctx.args[0]!, `${plural(result.problems.length, 'problem')}: those entries were not imported, the rest was`, 'invalid');
}

/** The refresh events of the first fetch of imported feeds: progress lines as `refresh` prints them, and its summary when done. */
function followFeedFetch(ctx: CommandContext): { done: Promise<RefreshSummary>; stop: () => void } {
  const summary: RefreshSummary = { feeds: 0, ok: 0, notModified: 0, failed: 0, newArticles: 0, errors: [] };
  let finish: (value: RefreshSummary) => void = () => undefined;
  const done = new Promise<RefreshSummary>((resolve) => (finish = resolve));
  const stop = ctx.archive.on((event) => {
    if (event.type !== 'refresh') return;
    if (event.phase === 'done') {
      summary.feeds = event.total;
      finish(summary);
    } else if (event.phase === 'feed') {
      const title = event.title ?? event.feedId ?? '';
      if (event.error) {
        summary.failed++;
        summary.errors.push({ feedId: event.feedId ?? '', title, error: event.error });
      } else summary.ok++;
      summary.newArticles += event.newArticles;
      if (!ctx.json) ctx.progress(`feed ${event.index} of ${event.total}: ${title}: ${event.error ? `failed: ${event.error}` : `${event.newArticles} new`}`);
    }
  });
  return { done, stop };
}

export function problemLine(p: ImportResult['problems'][number]): string {
  const where = p.line === null ? (p.item ?? 'entry') : `line ${p.line}`;
  const what = p.line !== null && p.item ? ` (${p.item})` : '';
  return `${where}: ${p.reason}${what}`;
}

async function waitWithProgress(ctx: CommandContext, seconds: number, now: boolean): Promise<void> {
  const say = now ? ctx.progress : ctx.out;
  // The pages that failed, as the extraction queue reports them, listed at the end.
  const failures: { id: string; error: string }[] = [];
  const stop = ctx.archive.on((event) => {
    if (event.type === 'extract' && event.phase === 'failed') failures.push({ id: event.id, error: event.error ?? 'failed' });
  });
  const timer = setInterval(() => {
    void ctx.archive.importStatus().then((s) => ctx.progress(progressLine(s)), () => undefined);
  }, PROGRESS_EVERY_MS);
  let status: ImportStatus;
  try {
    status = await ctx.archive.waitForImports(seconds);
  } finally {
    clearInterval(timer);
    stop();
  }
  const left = status.waiting + status.running;
  say(`fetched ${n(status.done)}, failed ${n(status.failed)}${left > 0 ? `, ${n(left)} left for a later start` : ''}`);
  for (const f of failures) say(`failed ${f.id}: ${f.error} (try again with: extract ${f.id})`);
}

function progressLine(s: ImportStatus): string {
  return `fetching: ${n(s.done + s.failed)} done, ${n(s.running)} running, ${n(s.waiting)} waiting`;
}

const n = (value: number) => value.toLocaleString('en-US');
const plural = (count: number, word: string) => `${n(count)} ${word}${count === 1 ? '' : 's'}`;
