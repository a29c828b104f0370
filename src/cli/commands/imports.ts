// `import FILE`: another app's export (Pocket, Instapaper, Omnivore, Wallabag, Karakeep,
// Raindrop, browser bookmarks, OPML) or Tidings' own archive, into the archive. One summary
// line; each problem on its own line and exit 2 when there were any (the rest was imported:
// never a partial silent import); `--wait` stays while the pages are fetched, with progress.

import type { ImportResult, ImportStatus } from '../../api.js';
import { IMPORT_FORMATS, type ImportFormat } from '../../api.js';
import { LIMITS } from '../../contract/index.js';
import { TidingsError } from '../../errors.js';
import { type Command, type CommandContext, flagString, intFlag, listFlag, TAGS_OPTION } from '../command.js';

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
      const result = await ctx.archive.importLibrary(ctx.args[0]!, { ...(format ? { format } : {}), ...(tags ? { tags } : {}) });
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
