// The image queue: feed items are stored and shown at once with their images remote, and their
// images are downloaded here afterwards, in the background, in the network's own image lane
// (src/net: its own limits per host and in all), so a feed or a user's save never waits behind
// images. The queue is the articles' `imagesPending` (src/model): kept in the archive, it resumes
// after a restart. When an article's images are in assets/ its HTML is rewritten at once, in
// place (files.rewriteHtml: read, put in place by offset, written atomically), and a `changed`
// event tells the reader. An image that could not be kept stays remote; one that failed for a
// passing reason (a timeout, a server error) is tried again at a later session, up to MAX_TRIES.
// Only the device that stored an article downloads its images (other devices get the files).

import { setMaxListeners } from 'node:events';
import type { ArchiveApi, ImageQueueStatus } from '../api.js';
import { describeError } from '../errors.js';
import { downloadImages, placeImages } from '../extract/index.js';
import { sha256 } from '../model/index.js';
import type { PendingImages } from '../model/index.js';
import type { ArchiveContext } from './context.js';

/** Articles worked on at once (each downloads a few images at once, within the network's image lane). */
const CONCURRENCY = 6;
/** While a refresh runs: the refresh comes first (articles before images), images go on slowly. */
const CONCURRENCY_WHILE_REFRESHING = 1;
/** Sessions in which an image that failed for a passing reason is tried. */
export const MAX_TRIES = 3;
/** Jobs kept from an earlier session start this long after opening (a short command-line call starts none). */
export const RESUME_DELAY_MS = 5_000;
/** At most this often an `images` event while the queue works. */
const EVENT_EVERY_MS = 250;

const PASSING = /HTTP (5\d\d|429|408)\b|timed out|timeout|host not found|connection (refused|closed)|unreachable|ECONN|ENOTFOUND|EAI_AGAIN|socket|cancelled|aborted/i;
/** A host that failed this way does not serve at all (not found, refused or closed, no connection in time). */
const UNREACHABLE = /host not found|connection refused|connection closed by the server|connect timed out|unreachable|ENOTFOUND|EAI_AGAIN|ECONNREFUSED/i;
/** After this many such failures in a row, a host's other images wait for a later session untried. */
const HOST_GIVE_UP = 3;

export interface ImageQueue {
  /** Queue the images of these just-stored articles. */
  add(ids: readonly string[]): void;
}

type ImagesPart = Pick<ArchiveApi, 'imageStatus' | 'waitForImages'>;

export function createImagesPart(ctx: ArchiveContext): { api: ImagesPart; queue: ImageQueue } {
  const controller = new AbortController();
  // Every download waiting for a slot in the image lane listens to this one signal.
  setMaxListeners(0, controller.signal);
  /** Hosts that did not answer at all, with how many times in a row (this session). */
  const unreachable = new Map<string, number>();
  const hostOf = (url: string) => URL.parse(url)?.host ?? url;
  const waiting: string[] = [];
  const queued = new Set<string>();
  /** Jobs (article and HTML) worked on in this session: what is left of them waits for the next one. */
  const tried = new Set<string>();
  const jobKey = (id: string) => `${id}:${ctx.data.articles[id]?.imagesPending?.html ?? ''}`;
  const running = new Map<string, Promise<void>>();
  const waiters = new Set<() => void>();
  let stored = 0;
  let failed = 0;
  let refreshing = 0;
  let resumed = false;
  let closed = false;
  let lastEvent = 0;
  let eventTimer: NodeJS.Timeout | null = null;

  const active = () => ctx.data.settings.downloadImages;

  function status(): ImageQueueStatus {
    let articles = 0;
    let images = 0;
    for (const a of Object.values(ctx.data.articles)) {
      if (!a.imagesPending || !ctx.library.madeHere(`a:${a.id}`)) continue;
      articles++;
      images += new Set(a.imagesPending.urls).size;
    }
    return { articles, images, running: running.size, stored, failed, active: active() };
  }

  function announce(force = false): void {
    if (closed) return;
    const now = Date.now();
    if (!force && now - lastEvent < EVENT_EVERY_MS) {
      eventTimer ??= setTimeout(() => {
        eventTimer = null;
        announce(true);
      }, EVENT_EVERY_MS);
      return;
    }
    lastEvent = now;
    ctx.emit({ type: 'images', ...status() });
  }

  function enqueue(ids: Iterable<string>): void {
    for (const id of ids) {
      if (queued.has(id) || running.has(id) || tried.has(jobKey(id))) continue;
      queued.add(id);
      waiting.push(id);
    }
  }

  /** The articles of an earlier session still waiting, newest first. */
  function resume(): void {
    if (resumed || closed) return;
    resumed = true;
    clearTimeout(resumeTimer);
    const left = Object.values(ctx.data.articles).filter((a) => a.imagesPending && ctx.library.madeHere(`a:${a.id}`));
    left.sort((a, b) => (b.feedRank ?? 0) - (a.feedRank ?? 0) || b.addedAt.localeCompare(a.addedAt));
    enqueue(left.map((a) => a.id));
  }

  function pump(): void {
    const limit = refreshing > 0 ? CONCURRENCY_WHILE_REFRESHING : CONCURRENCY;
    while (!closed && active() && running.size < limit && waiting.length > 0) {
      const id = waiting.shift()!;
      queued.delete(id);
      tried.add(jobKey(id));
      const job = work(id)
        .catch((error: unknown) => ctx.emit({ type: 'notice', level: 'error', message: `images: ${id}: ${describeError(error)}` }))
        .finally(() => {
          running.delete(id);
          announce(waiting.length === 0 && running.size === 0);
          settleWaiters();
          pump();
        });
      running.set(id, job);
    }
    settleWaiters();
  }

  function settleWaiters(): void {
    if (closed || (running.size === 0 && (waiting.length === 0 || !active()))) {
      for (const done of [...waiters]) done();
    }
  }

  /** One article: download its images, put them in place, record it. */
  async function work(id: string): Promise<void> {
    const article = ctx.data.articles[id];
    const pending = article?.imagesPending;
    if (!article || !pending) return;
    const urls = [...new Set(pending.urls)];
    // A host that does not answer (its name does not resolve, nothing listens) is not asked for
    // its other images this session: a dead image host must not hold the queue for hours.
    const skipped = urls.filter((url) => (unreachable.get(hostOf(url)) ?? 0) >= HOST_GIVE_UP);
    const result = await downloadImages({ nonce: '', urls: urls.filter((url) => !skipped.includes(url)) }, ctx.files, { remote: true, localRoot: null, network: pending.network }, { signal: controller.signal });
    if (controller.signal.aborted) return; // closing: the job stays in the archive for next time
    for (const url of skipped) result.failed.set(url, `images: ${url}: connection refused or host not found earlier in this session`);
    for (const [url, reason] of result.failed) {
      if (skipped.includes(url)) continue;
      const host = hostOf(url);
      if (UNREACHABLE.test(reason)) unreachable.set(host, (unreachable.get(host) ?? 0) + 1);
    }
    for (const url of result.local.keys()) unreachable.delete(hostOf(url));
    const again = (url: string) => (pending.tries ?? 0) + 1 < MAX_TRIES && PASSING.test(result.failed.get(url) ?? '');
    let rest: PendingImages | null = null;
    let stale = false;
    await ctx.files.rewriteHtml(id, (html) => {
      if (sha256(html) !== pending.html) {
        stale = true; // the article was stored again meanwhile (a correction, its full text)
        return null;
      }
      const placed = placeImages(html, pending, result.local, again);
      if (!placed) {
        stale = true;
        return null;
      }
      if (placed.urls.length > 0) rest = { html: sha256(placed.html), at: placed.at, urls: placed.urls, network: pending.network, tries: (pending.tries ?? 0) + 1 };
      return result.local.size > 0 ? placed.html : null;
    });
    stored += stale ? 0 : result.local.size;
    failed += stale ? 0 : [...result.failed.keys()].filter((url) => !again(url)).length;
    let changed = false;
    ctx.library.change((data) => {
      const a = data.articles[id];
      if (!a?.imagesPending || a.imagesPending.html !== pending.html) return; // stored again meanwhile: its own job
      if (!stale && a.leadImage) a.leadImage = result.local.get(a.leadImage) ?? a.leadImage;
      if (rest) a.imagesPending = rest;
      else delete a.imagesPending;
      changed = !stale && result.local.size > 0;
    });
    // Deleted while its images were on their way: the rewritten file must not outlive it.
    if (!ctx.data.articles[id]) await ctx.files.remove(id);
    else if (changed) ctx.emit({ type: 'changed', what: 'articles', ids: [id] });
  }

  const resumeTimer = setTimeout(() => {
    resume();
    pump();
  }, RESUME_DELAY_MS);
  resumeTimer.unref();

  const stopListening = ctx.on((event) => {
    if (event.type === 'refresh' && event.phase === 'start') refreshing++;
    if (event.type === 'refresh' && event.phase === 'done') {
      refreshing = Math.max(0, refreshing - 1);
      pump();
    }
    if (event.type === 'changed' && event.what === 'settings' && active()) pump();
  });

  ctx.closers.push(async () => {
    closed = true;
    stopListening();
    clearTimeout(resumeTimer);
    if (eventTimer) clearTimeout(eventTimer);
    controller.abort(new Error('the archive is closing'));
    settleWaiters();
    await Promise.allSettled([...running.values()]);
  });

  const queue: ImageQueue = {
    add(ids) {
      const mine = ids.filter((id) => ctx.data.articles[id]?.imagesPending);
      if (mine.length === 0) return;
      enqueue(mine);
      pump();
      announce();
    },
  };

  const api: ImagesPart = {
    async imageStatus() {
      return status();
    },
    async waitForImages(seconds) {
      resume();
      pump();
      if (!closed && (running.size > 0 || (waiting.length > 0 && active()))) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          };
          const timer = setTimeout(done, seconds * 1000);
          waiters.add(done);
        });
      }
      return status();
    },
  };
  return { api, queue };
}
