// Other devices' changes, taken in while the archive is open. A sync engine (Syncthing,
// Nextcloud, Dropbox) copies journal/, articles/ and assets/ between machines; this part notices
// new journal lines (file watching, with a periodic scan as fallback: some file systems and
// engines do not report changes), merges them (src/store, merge.ts), and tells the other parts
// and the front ends. It also removes the conflict copies a sync engine leaves.

import { type FSWatcher, promises as fs, watch } from 'node:fs';
import path from 'node:path';
import type { ArchiveContext } from './context.js';
import type { PullResult } from '../store/index.js';

/** The scan that runs even when no file event came. */
const SCAN_MS = 10_000;
/** Every this many periodic scans (5 minutes), conflict copies are looked for even with no event. */
const CONFLICT_SCAN_EVERY = 30;
/** Events come in bursts (a file written in parts): one pull for a burst. */
const SETTLE_MS = 150;

/** Conflict copies: Syncthing's `name.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.ext`, Nextcloud's and Dropbox's `(conflicted copy …)`. */
const CONFLICT = /\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}|\(conflicted copy|\(conflict/i;

/** What a data directory shared by Syncthing must not copy: it is this machine's own. */
export const STIGNORE = `// Tidings: these stay on this machine (docs/data-format.md). Share the rest.
/library.json
/library.*.json
/backups
/index
/tidings.lock
/tidings.lock.*
.*.tmp
*.tmp-*
`;

export function startSync(ctx: ArchiveContext): { pullNow(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  // Looking for conflict copies lists articles/ and assets/ (100,000 names at 50,000 articles):
  // done at open, when an event names a conflict copy, on request, and every few minutes, not at every pull.
  let conflictsDue = true;
  let scans = 0;

  async function pullNow(lookForConflicts = true): Promise<void> {
    if (lookForConflicts) conflictsDue = true;
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        if (conflictsDue) {
          conflictsDue = false;
          await announce(ctx, await resolveConflicts(ctx));
        }
        const files = [...replaced];
        replaced.clear();
        await announce(ctx, await ctx.library.pull(), files);
      } while (again && !stopped);
    })().finally(() => (running = null));
    return running;
  }

  const soon = (): void => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void pullNow(false).catch((error: unknown) => ctx.emit({ type: 'notice', level: 'error', message: (error as Error).message }));
    }, SETTLE_MS);
  };

  // Article files a sync engine replaced (an article changed elsewhere, its files arriving after
  // its journal line, or its .txt after its .html): read and indexed again at the next pull.
  const replaced = new Set<string>();
  const onEvent = (dir: string) => (_event: string, name: string | Buffer | null): void => {
    const match = dir === 'articles' ? /^([0-9a-f]{16})\.(txt|html)$/.exec(name?.toString() ?? '') : null;
    if (match && !ctx.files.wroteRecently(match[1]!)) replaced.add(match[1]!);
    if (CONFLICT.test(name?.toString() ?? '')) conflictsDue = true;
    soon();
  };
  const watchers: FSWatcher[] = [];
  for (const dir of ['journal', 'articles']) {
    try {
      const w = watch(path.join(ctx.dataDir, dir), { persistent: false }, onEvent(dir));
      w.on('error', () => undefined); // the periodic scan carries on
      watchers.push(w);
    } catch {
      // No file watching here: the periodic scan is enough.
    }
  }
  const scan = setInterval(() => {
    if (++scans % CONFLICT_SCAN_EVERY === 0) conflictsDue = true;
    soon();
  }, SCAN_MS);
  scan.unref();
  ctx.closers.push(async () => {
    stopped = true;
    clearInterval(scan);
    if (timer) clearTimeout(timer);
    for (const w of watchers) w.close();
    await running;
  });
  return { pullNow };
}

/**
 * Run the hooks (index, counts) and tell the front ends what changed. An article is judged by
 * where it ends: one deleted and saved again within one pull is changed, and its file stays.
 * An article merged from another device is read from disk again (its files may be theirs now).
 */
async function announce(ctx: ArchiveContext, result: PullResult, replacedFiles: readonly string[] = []): Promise<void> {
  const effects = new Map<string, Set<string>>();
  const other = new Set<'feeds' | 'rules' | 'views' | 'settings'>();
  const marked = new Set<string>();
  for (const a of result.applied) {
    if (a.effect !== 'rejected' && a.marks) marked.add(a.key.slice(2));
    if (a.effect === 'none' || a.effect === 'rejected') continue;
    if (a.key.startsWith('a:')) {
      const id = a.key.slice(2);
      if (!effects.has(id)) effects.set(id, new Set());
      effects.get(id)!.add(a.effect);
    } else if (a.key.startsWith('f:')) other.add('feeds');
    else if (a.key.startsWith('r:')) other.add('rules');
    else if (a.key.startsWith('s:')) other.add('views');
    else other.add('settings');
  }
  for (const id of replacedFiles) if (!effects.has(id) && ctx.data.articles[id]) effects.set(id, new Set(['changed']));
  const byKind = { added: [] as string[], changed: [] as string[], removed: [] as string[] };
  for (const [id, seen] of effects) {
    if (!ctx.data.articles[id]) {
      if (seen.has('removed')) byKind.removed.push(id);
      continue;
    }
    ctx.files.forget(id);
    byKind[seen.has('added') && !seen.has('removed') ? 'added' : 'changed'].push(id);
  }
  for (const kind of ['added', 'changed', 'removed'] as const) {
    const ids = byKind[kind];
    if (ids.length === 0) continue;
    if (kind === 'removed') await Promise.all(ids.map((id) => ctx.files.remove(id).catch(() => undefined)));
    await ctx.runHooks(kind, ids);
    ctx.emit({ type: 'changed', what: 'articles', ids });
  }
  for (const what of other) ctx.emit({ type: 'changed', what });
  // Highlights or a note changed elsewhere: an open Highlights view shows them (as for a change here).
  if (marked.size > 0) ctx.emit({ type: 'highlights', ids: [...marked] });
  if (result.skipped.length > 0) ctx.emit({ type: 'notice', level: 'warning', message: `sync: ${result.skipped.length} change(s) from another device could not be applied: ${result.skipped[0]}` });
}

/**
 * Conflict copies left by a sync engine. Article files and assets: the engine already chose the
 * same winner on every machine, so the copy is removed. A journal's copy (two machines wrote as
 * one device): its lines are merged (applying a line twice changes nothing), then it is removed.
 */
export async function resolveConflicts(ctx: ArchiveContext): Promise<PullResult> {
  const merged: PullResult = { applied: [], skipped: [] };
  for (const dir of ['journal', 'articles', 'assets']) {
    const full = path.join(ctx.dataDir, dir);
    const names = await fs.readdir(full).catch(() => [] as string[]);
    for (const name of names.filter((n) => CONFLICT.test(n))) {
      if (dir === 'journal' && name.endsWith('.jsonl')) {
        const result = await ctx.library.mergeJournalCopy(path.join(full, name));
        merged.applied.push(...result.applied);
        merged.skipped.push(...result.skipped);
      }
      await fs.rm(path.join(full, name), { force: true });
    }
  }
  return merged;
}
