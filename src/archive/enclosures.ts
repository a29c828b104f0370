// Podcast and video enclosures kept offline (the setting downloadEnclosures, off by default).
// After new feed items are stored (a step of the refresh, src/archive/refresh.ts), their audio and video enclosures are
// queued and downloaded one at a time in the background: a refresh never waits for them. Each
// download is capped (the declared Content-Length first, then the bytes as they come), keeps to
// the feed's network scope (a public feed cannot make us fetch a private address), is checked
// by its magic bytes, and lands in assets/ under its sha256. The enclosure record then names the
// copy (`asset`), or says why there is none (`assetError`, and a notice): never silent, and
// never a failed refresh.

import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ArticleId, ArticleRecord, Enclosure } from '../model/index.js';
import { describeError, TidingsError } from '../errors.js';
import { fetchUrl, type NetworkScope, readCapped, scopeOf } from '../net/index.js';
import { syncDir } from '../store/index.js';
import { isAssetName } from '../store/index.js';
import type { ArchiveContext } from './context.js';

/** Largest enclosure kept: a long video podcast episode, not a film. */
export const MAX_ENCLOSURE_BYTES = 500 * 1024 * 1024;
/** A large file on a slow line takes a while; the connect timeout still stops a dead host early. */
const DOWNLOAD_TIMEOUT_MS = 30 * 60_000;
/**
 * Episodes of one feed downloaded from one batch of new items: a refresh brings one or two, but
 * subscribing brings the whole back catalogue (hundreds of episodes, many GB), of which only
 * the newest are kept; the others play from the web.
 */
export const MAX_NEW_PER_FEED = 3;
/**
 * Downloads that closing the archive cut short resume this long after it opens: a command-line
 * call that opens the archive for a moment does not start (and abort) one each time.
 */
export const RESUME_DELAY_MS = 5_000;
/** Enough of the start of a file to tell its type by magic bytes. */
const HEAD_BYTES = 64;

export interface DownloadOptions {
  maxBytes: number;
  network: NetworkScope;
  signal?: AbortSignal;
}

/** The step of a feed's refresh that queues its new items' enclosures (src/archive/refresh.ts). */
export interface EnclosureSteps {
  add(ids: ArticleId[]): void;
}

/** The queue of enclosures to download, its resumption at open and its closer. */
export function createEnclosuresPart(ctx: ArchiveContext): EnclosureSteps {
  const queue = new DownloadQueue(ctx);
  const resume = setTimeout(() => {
    if (ctx.data.settings.downloadEnclosures === true) queue.add(pendingIds(ctx));
  }, RESUME_DELAY_MS);
  resume.unref();
  ctx.closers.push(() => {
    clearTimeout(resume);
    return queue.stop();
  });
  return {
    add(ids) {
      // Read at each refresh: turning the setting on applies to the next new items.
      if (ctx.data.settings.downloadEnclosures === true) queue.add(markPending(ctx, newestPerFeed(ctx, ids)));
    },
  };
}

/** Marks the playable enclosures of `ids` as queued (assetPending) in the store; returns `ids`. */
function markPending(ctx: ArchiveContext, ids: ArticleId[]): ArticleId[] {
  if (ids.length === 0) return ids;
  ctx.library.change((data) => {
    for (const id of ids) for (const e of data.articles[id]?.enclosures ?? []) if (isPlayable(e) && e.asset === undefined) e.assetPending = true;
  });
  return ids;
}

/** Articles with an enclosure still queued when the archive was last closed. */
function pendingIds(ctx: ArchiveContext): ArticleId[] {
  return Object.values(ctx.data.articles).filter((a) => a.enclosures.some((e) => e.assetPending === true)).map((a) => a.id);
}

/** Of `ids`, the newest MAX_NEW_PER_FEED articles with playable enclosures of each feed, newest first. */
function newestPerFeed(ctx: ArchiveContext, ids: ArticleId[]): ArticleId[] {
  const byFeed = new Map<string, ArticleRecord[]>();
  for (const id of ids) {
    const article = ctx.data.articles[id];
    if (!article || article.source !== 'feed' || !article.enclosures.some(isPlayable)) continue;
    const key = article.feedId ?? '';
    byFeed.set(key, [...(byFeed.get(key) ?? []), article]);
  }
  const when = (a: ArticleRecord) => a.publishedAt ?? a.addedAt;
  return [...byFeed.values()].flatMap((articles) => articles.sort((a, b) => when(b).localeCompare(when(a))).slice(0, MAX_NEW_PER_FEED).map((a) => a.id));
}

/** Audio or video, by the declared type (old `x-audio/` forms too) or the URL's extension, as the reader decides. */
export function isPlayable(enclosure: Enclosure): boolean {
  return /^(x-)?(audio|video)\//i.test(enclosure.type ?? '') || /\.(mp3|m4a|aac|ogg|oga|opus|wav|flac|mp4|m4v|webm|mov)(\?|$)/i.test(enclosure.url);
}

/**
 * Downloads one enclosure into `assetsDir`; returns the asset name (`<sha256>.<ext>`). The body
 * is streamed to a temp file there (hashed as it comes, never whole in memory), checked by its
 * first bytes, then renamed into place. Throws a TidingsError saying why not; no temp file stays.
 */
export async function downloadEnclosure(enclosure: Enclosure, assetsDir: string, options: DownloadOptions): Promise<string> {
  const url = enclosure.url;
  if (!/^https?:\/\//i.test(url)) throw new TidingsError('enclosures', url, 'only http and https enclosures are downloaded', 'invalid');
  const temp = new TempAsset(assetsDir, enclosure);
  try {
    // fetchUrl refuses a declared Content-Length over the cap before reading, then counts the bytes.
    const response = await fetchUrl(url, {
      maxBytes: options.maxBytes,
      timeoutMs: DOWNLOAD_TIMEOUT_MS,
      network: options.network,
      signal: options.signal,
      accept: 'audio/*, video/*;q=0.9, */*;q=0.5',
      sink: (body, maxBytes) => temp.write(body, maxBytes),
    });
    if (response.status !== 200) throw new TidingsError('enclosures', url, `the server answered HTTP ${response.status}`);
    return await temp.keepAs(`${temp.sha256}.${temp.ext()}`);
  } finally {
    await temp.remove();
  }
}

/** A body on its way into assets/: a dot-named .tmp file (removeStaleTemps clears one a crash left). */
class TempAsset {
  readonly file: string;
  head = Buffer.alloc(0);
  sha256 = '';
  private kept = false;

  constructor(private readonly dir: string, private readonly enclosure: Enclosure) {
    this.file = path.join(dir, `.enclosure.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  }

  async write(body: Readable, maxBytes: number): Promise<void> {
    const hash = createHash('sha256');
    const handle = await fs.open(this.file, 'w', 0o644);
    try {
      for await (const chunk of readCapped(body, maxBytes)) {
        hash.update(chunk);
        if (this.head.length < HEAD_BYTES) {
          this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
          // A page or an error message is refused at its first bytes, not after 500 MB of it.
          if (this.head.length === HEAD_BYTES) this.ext();
        }
        await handle.write(chunk);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.sha256 = hash.digest('hex');
  }

  /** The extension the first bytes show; throws when they are not audio or video. */
  ext(): string {
    const ext = sniffMedia(this.head, this.enclosure.type);
    if (!ext) throw new TidingsError('enclosures', this.enclosure.url, 'not an audio or video file we keep (checked by its first bytes)');
    return ext;
  }

  /** Renamed into place (content-addressed: a copy already there is the same file). */
  async keepAs(name: string): Promise<string> {
    if (!isAssetName(name)) throw new TidingsError('enclosures', name, 'not a name the archive keeps');
    await fs.rename(this.file, path.join(this.dir, name));
    this.kept = true;
    await syncDir(this.dir);
    return name;
  }

  async remove(): Promise<void> {
    if (!this.kept) await fs.rm(this.file, { force: true });
  }
}

/**
 * The extension of an audio or video file by its magic bytes, or null. `type` only tells an
 * MP4 of audio (m4a) from one of video. What is not recognised is never stored: the asset is
 * served from our own origin, so it must be the media it claims to be.
 */
export function sniffMedia(bytes: Uint8Array, type: string | null): string | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 12) return null;
  const ascii = (from: number, to: number) => b.toString('latin1', from, to);
  if (ascii(0, 3) === 'ID3') return 'mp3';
  // ADTS (AAC): 12 sync bits and layer 00; an MPEG audio frame: 11 sync bits and a non-zero layer.
  if (b[0] === 0xff && (b[1]! & 0xf6) === 0xf0) return 'aac';
  if (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0 && (b[1]! & 0x06) !== 0) return 'mp3';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (ascii(0, 4) === 'OggS') return 'ogg';
  if (ascii(0, 4) === 'fLaC') return 'flac';
  if (b.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (brand === 'qt  ') return 'mov';
    return brand.startsWith('M4A') || brand.startsWith('M4B') || /^audio\//i.test(type ?? '') ? 'm4a' : 'mp4';
  }
  return null;
}

/** One download at a time, in the order items were stored; stopped (and the current one cancelled) at close. */
class DownloadQueue {
  private readonly pending: ArticleId[] = [];
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly abort = new AbortController();

  constructor(private readonly ctx: ArchiveContext) {}

  add(ids: ArticleId[]): void {
    if (this.stopped) return;
    this.pending.push(...ids);
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.running;
  }

  private kick(): void {
    if (this.running || this.stopped) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      // Ids added while the last one finished.
      if (this.pending.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.pending.length > 0) await this.keepArticle(this.pending.shift()!);
  }

  private async keepArticle(id: ArticleId): Promise<void> {
    const article = this.ctx.data.articles[id];
    if (!article || article.source !== 'feed') return;
    const wanted = article.enclosures.filter((e) => e.assetPending === true);
    if (wanted.length === 0) return;
    const feed = article.feedId ? this.ctx.data.feeds[article.feedId] : undefined;
    const network = feed ? await scopeOf(feed.url) : 'public';
    for (const enclosure of wanted) {
      try {
        const asset = await downloadEnclosure(enclosure, this.ctx.files.assetsDir, { maxBytes: MAX_ENCLOSURE_BYTES, network, signal: this.abort.signal });
        this.record(id, enclosure.url, { asset });
      } catch (error) {
        // Closing is not a failure of the enclosure: it stays pending, and the next session resumes it.
        if (this.stopped) return;
        this.record(id, enclosure.url, { assetError: describeError(error) });
        this.ctx.emit({ type: 'notice', level: 'warning', message: `Could not keep the enclosure of “${article.title}”: ${describeError(error)}` });
      }
    }
  }

  private record(id: ArticleId, url: string, outcome: { asset: string } | { assetError: string }): void {
    const changed = this.ctx.library.change((data) => {
      // The article may have been deleted while its enclosure was downloading.
      const enclosure = data.articles[id]?.enclosures.find((e) => e.url === url);
      if (!enclosure) return false;
      delete enclosure.asset;
      delete enclosure.assetError;
      delete enclosure.assetPending;
      Object.assign(enclosure, outcome);
      return true;
    });
    if (changed) this.ctx.emit({ type: 'changed', what: 'articles', ids: [id] });
  }
}
