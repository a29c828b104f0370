// The extraction part of the API: local files (.txt, .html, .htm), pages saved by URL
// (read-it-later), extraction again on demand, the queue for feed items, and the sanitizer
// the feed refresh uses for item HTML. The pipeline itself is src/extract/.
//
// A page that cannot be fetched or read is still kept (title, URL, excerpt) with extraction
// status 'failed' and the reason; `extractArticle` tries again and keeps the user's state.

import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ArchiveApi, ArticleSummary, ImportOptions, SaveUrlOptions } from '../api.js';
import { TidingsError, describeError } from '../errors.js';
import { type CleanHtml, escapeHtml, type ExtractedArticle, Extractor, textToArticle } from '../extract/index.js';
import type { ArticleRecord, ArticleSource } from '../model/index.js';
import { articleIdFor, normalizeUrl } from '../model/index.js';
import { fetchUrl, type NetworkScope, scopeOf } from '../net/index.js';
import { normalizeTag, withTags } from '../tags/index.js';
import { summarize } from './articles.js';
import type { ArchiveContext } from './context.js';
import { ExtractionQueue } from './extraction-queue.js';
import { findSnapshot, isDeadLink, sameHost, type Snapshot, waybackBase } from './wayback.js';
import { type NewArticle, storeArticle } from './store-article.js';

type ExtractionPart = Pick<ArchiveApi, 'importFile' | 'saveUrl' | 'extractArticle' | 'extractionStatus'>;

const MAX_FILE_BYTES = 20 * 1024 * 1024;
const READ_CHUNK = 256 * 1024;
const MAX_PAGE_BYTES = 5 * 1024 * 1024;
const PAGE_TIMEOUT_MS = 30_000;
const HTML_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain)\b/i;

/** The steps of a feed's refresh this part owns (src/archive/refresh.ts calls them in order). */
export interface ExtractionSteps {
  /**
   * Sanitize a feed item's HTML (DOMPurify on jsdom, in the extraction workers). Its images are
   * left remote and placed for the image queue (`pending`) when the setting downloadImages is on.
   * `network`: 'public' keeps the item's images to public addresses (see src/net/address.ts).
   */
  sanitize(html: string, baseUrl: string | null, network: NetworkScope): Promise<CleanHtml>;
  /** Queue stored articles for Readability extraction of their page (full text). */
  fullTexts: { add(ids: string[]): void };
  /**
   * Extract one stored article again through the same queue, and wait for it (the imports'
   * background fetching: it keeps its own few at a time, so the queue never holds thousands).
   */
  extract(id: string): Promise<void>;
  /** Start the cleaning workers now, while feeds are still being fetched, when items are sure to come. */
  warm(): void;
}

export function createExtractionPart(ctx: ArchiveContext): { api: ExtractionPart; steps: ExtractionSteps } {
  const extractor = new Extractor({ assets: ctx.files });
  const extractInto = (article: ArticleRecord) => extractAgain(ctx, extractor, article);
  const queue = new ExtractionQueue(ctx, (id) => extractInto(ctx.article(id)));
  const steps: ExtractionSteps = {
    sanitize: (html, baseUrl, network) => extractor.clean(html, baseUrl, { downloadImages: ctx.data.settings.downloadImages, network, later: true }),
    fullTexts: { add: (ids) => queue.add(ids) },
    extract: (id) => queue.run(id),
    // A worker that cannot start fails the first real job with the reason; warming only starts early.
    warm: () => void extractor.warm().catch(() => undefined),
  };
  ctx.closers.push(async () => {
    await queue.stop();
    await extractor.close();
  });

  const api: ExtractionPart = {
    async importFile(file: string, options: ImportOptions = {}): Promise<ArticleSummary> {
      const ext = path.extname(file).toLowerCase();
      if (ext === '.txt') return importText(ctx, file, options);
      if (ext === '.html' || ext === '.htm') return importHtml(ctx, extractor, file, options);
      throw new TidingsError('import', file, `cannot import ${ext || 'a file without extension'} files; use .txt, .html or .htm`, 'invalid');
    },

    async saveUrl(url: string, options: SaveUrlOptions = {}): Promise<ArticleSummary> {
      const pageUrl = checkPageUrl(url);
      const id = articleOfUrl(ctx, pageUrl) ?? articleIdFor({ url: pageUrl });
      const tags = (options.tags ?? []).map(normalizeTag);
      const existing = ctx.data.articles[id];
      // A page already read (or a feed item, which has the feed's text): saving it marks it saved.
      if (existing && (existing.extraction.status === 'done' || existing.source === 'feed')) {
        const now = new Date().toISOString();
        ctx.library.change((data) => {
          const a = data.articles[id]!;
          a.savedAt ??= now;
          a.tags = withTags(a.tags, tags) ?? a.tags;
        });
        await ctx.runHooks('changed', [id]);
        return summarize(ctx, ctx.article(id));
      }
      // The user asked for this page: it may be on their own network.
      const outcome = await fetchAndExtract(ctx, extractor, pageUrl, 'any');
      const readable = outcome.ok && outcome.article.readable;
      // A page that cannot be read is kept only when the user wants to try again later (or
      // was already kept for that): otherwise nothing is stored and the save fails.
      if (readable || options.keepFailed || existing) {
        if (ctx.data.tombstones[id]) {
          ctx.library.change((data) => {
            delete data.tombstones[id]; // saving a deleted page again is the user's wish: it comes back
          });
        }
        await storeOutcome(ctx, outcome, { id, source: 'url', url: pageUrl, attempts: (existing?.extraction.attempts ?? 0) + 1, tags, ...(options.title?.trim() ? { title: options.title.trim() } : {}) });
      }
      if (!readable && !options.keepFailed) throw new TidingsError('extract', pageUrl, reasonOf(outcome), 'failed');
      return summarize(ctx, ctx.article(id));
    },

    async extractArticle(id) {
      ctx.article(id);
      await queue.run(id);
      return summarize(ctx, ctx.article(id));
    },

    async extractionStatus() {
      // Failed: the archive's articles whose extraction failed, as `stats` counts them (the
      // queue's own count is of this session only, and forgets those tried again since).
      const failed = Object.values(ctx.data.articles).filter((a) => a.extraction.status === 'failed').length;
      return { ...queue.status(extractor.status()), failed };
    },
  };
  return { api, steps };
}

// ---- sources ------------------------------------------------------------------------------

async function importText(ctx: ArchiveContext, file: string, options: ImportOptions): Promise<ArticleSummary> {
  const raw = new TextDecoder('utf-8').decode(await readLocalFile(file));
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
    state: { tags: (options.tags ?? []).map(normalizeTag), savedAt: new Date().toISOString() },
  });
  return summarize(ctx, ctx.article(id));
}

async function importHtml(ctx: ArchiveContext, extractor: Extractor, file: string, options: ImportOptions): Promise<ArticleSummary> {
  const bytes = await readLocalFile(file);
  const url = pathToFileURL(path.resolve(file)).href;
  const id = articleIdFor({ url });
  const existing = ctx.data.articles[id];
  const outcome = await extractFile(extractor, bytes, url);
  if (options.title?.trim() && outcome.ok) outcome.article.meta.title = options.title.trim();
  if (options.lang && outcome.ok) outcome.article.meta.lang = options.lang;
  await storeOutcome(ctx, outcome, { id, source: 'file', url, attempts: (existing?.extraction.attempts ?? 0) + 1, tags: (options.tags ?? []).map(normalizeTag) });
  return summarize(ctx, ctx.article(id));
}

/** Extract an article again from where it came from, keeping what the user did with it. */
async function extractAgain(ctx: ArchiveContext, extractor: Extractor, article: ArticleRecord): Promise<void> {
  const source = article.url;
  if (!source) throw new TidingsError('extract', article.id, 'this article has no page or file to extract from', 'invalid');
  const outcome = source.startsWith('file:')
    ? await readLocalFile(fileURLToPath(source)).then((bytes) => extractFile(extractor, bytes, source), (error) => failure(error))
    : await fetchAndExtract(ctx, extractor, checkPageUrl(source), await scopeOfSource(ctx, article));
  await storeOutcome(ctx, outcome, { id: article.id, source: article.source, url: source, attempts: article.extraction.attempts + 1, tags: [] });
}

// ---- fetch, extract, store ---------------------------------------------------------------------

type Outcome = { ok: true; article: ExtractedArticle; finalUrl: string; archivedCopy?: Snapshot } | { ok: false; reason: string };

/**
 * Where the page of an article may be fetched from: a feed item's page is named by the feed, so
 * it keeps to the public internet when the feed is there; a page the user saved may be anywhere.
 */
async function scopeOfSource(ctx: ArchiveContext, article: ArticleRecord): Promise<NetworkScope> {
  const feed = article.feedId ? ctx.data.feeds[article.feedId] : undefined;
  return feed ? scopeOf(feed.url) : 'any';
}

/**
 * The page, else (a dead page, when the settings allow) its closest copy on the Wayback Machine,
 * kept under the page's own URL with a note of where the text came from.
 */
async function fetchAndExtract(ctx: ArchiveContext, extractor: Extractor, url: string, network: NetworkScope): Promise<Outcome> {
  const outcome = await fetchPage(ctx, extractor, url, network);
  const base = waybackBase(ctx.data.settings);
  if (outcome.ok || !base || !isDeadLink(outcome.reason)) return outcome;
  const snapshot = await findSnapshot(base, url);
  if (!snapshot) return outcome;
  // The Wayback host is the user's setting (archive.org, or their own mirror): any network.
  const copy = await fetchPage(ctx, extractor, snapshot.url, 'any');
  // A copy that redirected off the Wayback host is not the copy it named.
  if (!copy.ok || !copy.article.readable || !sameHost(copy.finalUrl, base)) return { ok: false, reason: `${outcome.reason}; no readable archived copy` };
  return { ...copy, finalUrl: url, archivedCopy: snapshot };
}

async function fetchPage(ctx: ArchiveContext, extractor: Extractor, url: string, network: NetworkScope): Promise<Outcome> {
  try {
    // In the pages' own lane: a queue of full texts never holds up a feed's refresh.
    const response = await fetchUrl(url, { maxBytes: MAX_PAGE_BYTES, timeoutMs: PAGE_TIMEOUT_MS, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5', network, kind: 'page' });
    if (response.status !== 200) return { ok: false, reason: `HTTP ${response.status}` };
    const type = response.headers['content-type'] ?? null;
    if (type && !HTML_TYPES.test(type)) return { ok: false, reason: `not a web page (${type.split(';')[0]})` };
    // A page on the public internet may not make us fetch images from a private address.
    const images = network === 'public' ? 'public' : await scopeOf(response.url);
    const article = await extractor.page({ body: response.body, contentType: type, url: response.url }, { downloadImages: ctx.data.settings.downloadImages, network: images });
    return { ok: true, article, finalUrl: response.url };
  } catch (error) {
    if (error instanceof TidingsError && error.kind === 'invalid' && error.module === 'net') throw error;
    return failure(error);
  }
}

/**
 * A local HTML file, its base the file's own URL. Its own images (beside it, in its folder or
 * below, as a browser's "save page" writes them) go into assets/; remote ones stay remote (an
 * import never goes to the network); others are dropped.
 */
async function extractFile(extractor: Extractor, bytes: Buffer, url: string): Promise<Outcome> {
  try {
    const localImagesUnder = path.dirname(fileURLToPath(url));
    const article = await extractor.page({ body: bytes, contentType: null, url }, { downloadImages: false, localImagesUnder });
    return { ok: true, article, finalUrl: url };
  } catch (error) {
    return failure(error);
  }
}

/** Why an outcome is not a readable article. */
function reasonOf(outcome: Outcome): string {
  if (!outcome.ok) return outcome.reason;
  return outcome.article.reason ?? 'no readable article in the page';
}

/**
 * The article already in the archive for this page: the one with its URL's id, else a feed
 * item whose link is the same page once normalized (a feed names its items by guid, so the
 * ids differ, but saving the page of a feed item must not make a second article).
 */
function articleOfUrl(ctx: ArchiveContext, pageUrl: string): string | null {
  const byId = articleIdFor({ url: pageUrl });
  if (ctx.data.articles[byId]) return byId;
  const wanted = normalizeUrl(pageUrl);
  for (const article of Object.values(ctx.data.articles)) {
    if (article.url && normalizeUrl(article.url) === wanted) return article.id;
  }
  return null;
}

function failure(error: unknown): Outcome {
  return { ok: false, reason: describeError(error) };
}

interface Target {
  id: string;
  source: ArticleSource;
  url: string;
  attempts: number;
  tags: string[];
  /** The title the user's browser showed (a bookmarklet, a tidings:// link): used when the page gives none or cannot be read. */
  title?: string;
}

/**
 * Store what extraction gave. An article already in the archive (a feed item, an earlier
 * save) keeps its body when extraction fails: only its status and reason change.
 */
async function storeOutcome(ctx: ArchiveContext, outcome: Outcome, target: Target): Promise<void> {
  const existing = ctx.data.articles[target.id];
  const at = new Date().toISOString();
  const readable = outcome.ok && outcome.article.readable;
  const reason = outcome.ok ? outcome.article.reason : outcome.reason;
  const extraction = { status: readable ? ('done' as const) : ('failed' as const), reason: readable ? null : reason, attempts: target.attempts, at };
  if (existing && target.tags.length) {
    ctx.library.change((data) => {
      const a = data.articles[target.id]!;
      a.tags = withTags(a.tags, target.tags) ?? a.tags;
    });
  }
  if (existing && !readable) {
    ctx.library.change((data) => {
      data.articles[target.id]!.extraction = extraction;
    });
    await ctx.runHooks('changed', [target.id]);
    ctx.emit({ type: 'changed', what: 'articles', ids: [target.id] });
    return;
  }
  const meta = outcome.ok ? outcome.article.meta : null;
  const text = readable ? outcome.article.text : (meta?.excerpt ?? '');
  const keepFeed = existing?.source === 'feed';
  // An imported article waiting for its page keeps the title the file gave it (one without
  // a title was stored under its URL, and takes the page's).
  const keepTitle = keepFeed || (existing?.extraction.status === 'pending' && existing.title !== existing.url);
  const content: NewArticle['content'] = {
    id: target.id,
    source: existing?.source ?? target.source,
    feedId: existing?.feedId ?? null,
    guid: existing?.guid ?? null,
    url: outcome.ok ? outcome.finalUrl : target.url,
    title: (keepTitle ? existing?.title : null) ?? meta?.title ?? existing?.title ?? target.title ?? target.url,
    byline: meta?.byline ?? existing?.byline ?? null,
    siteName: meta?.siteName ?? existing?.siteName ?? null,
    lang: meta?.lang ?? existing?.lang ?? null,
    publishedAt: existing?.publishedAt ?? meta?.publishedAt ?? null,
    excerpt: meta?.excerpt ?? existing?.excerpt ?? null,
    wordCount: meta?.wordCount ?? 0,
    readingMinutes: meta?.readingMinutes ?? 0,
    leadImage: meta?.leadImage ?? existing?.leadImage ?? null,
    ...(outcome.ok && outcome.archivedCopy ? { archivedCopy: { url: outcome.archivedCopy.url, at: outcome.archivedCopy.at } } : {}),
    enclosures: existing?.enclosures ?? [],
    suggestedTags: existing?.suggestedTags ?? [],
    extraction,
  };
  const html = readable ? outcome.article.html : failedPageHtml(target.url, content.excerpt);
  const { outcome: stored } = await storeArticle(ctx, { content, html, text, state: { tags: withTags([], target.tags) ?? [], savedAt: at } });
  if (stored === 'unchanged') {
    // Same text as before: nothing to write but the attempt itself.
    ctx.library.change((data) => {
      data.articles[target.id]!.extraction = extraction;
    });
    await ctx.runHooks('changed', [target.id]);
    ctx.emit({ type: 'changed', what: 'articles', ids: [target.id] });
  }
}

/**
 * What the reader shows for a page we could not read: its excerpt and link. (Not its title: the
 * reader heads every article with it, and the title twice read as a broken page.)
 */
function failedPageHtml(url: string, excerpt: string | null): string {
  const link = /^https?:/i.test(url) ? `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>` : '';
  return `<article>${excerpt ? `<p>${escapeHtml(excerpt)}</p>` : ''}${link}</article>`;
}

function checkPageUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new TidingsError('extract', raw, 'not a valid URL', 'invalid');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TidingsError('extract', raw, 'only http and https pages can be saved', 'invalid');
  return url.href;
}

export interface ReadLimits {
  /** The cap (default 20 MB: a page; an export of another app may be far larger). */
  maxBytes?: number;
  /** Binary content allowed (a zip); by default a NUL byte means "not a text file". */
  binary?: boolean;
}

/**
 * A local file the user gave, read only if it is a regular file once symlinks are resolved:
 * not a device (/dev/zero), fifo (it would block) or folder, and not a file of the kernel's
 * pseudo file systems (/proc, /sys: they report size 0, so the size cap did not hold). The
 * read itself is bounded, whatever size the file claims.
 */
export async function readLocalFile(file: string, limits: ReadLimits = {}): Promise<Buffer> {
  const maxBytes = limits.maxBytes ?? MAX_FILE_BYTES;
  const real = await fs.realpath(file).catch((error: unknown) => {
    throw cannotRead(file, error);
  });
  const stat = await fs.stat(real).catch((error: unknown) => {
    throw cannotRead(file, error);
  });
  if (!stat.isFile()) throw new TidingsError('import', file, 'not a regular file', 'invalid');
  if (await isPseudoFile(real)) throw new TidingsError('import', file, 'not a regular file (a system file of /proc, /sys or /dev)', 'invalid');
  if (stat.size > maxBytes) throw tooLarge(file, maxBytes);
  // O_NONBLOCK: if the file was swapped for a fifo since the check, opening it does not hang.
  const handle = await fs.open(real, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK).catch((error: unknown) => {
    throw cannotRead(file, error);
  });
  try {
    if (!(await handle.stat()).isFile()) throw new TidingsError('import', file, 'not a regular file', 'invalid');
    const bytes = await readBounded(handle, file, maxBytes);
    if (!limits.binary && bytes.includes(0)) throw new TidingsError('import', file, 'looks like a binary file, not text', 'invalid');
    return bytes;
  } finally {
    await handle.close();
  }
}

/** The whole file, in chunks, refused as soon as it passes the cap (its stated size may lie). */
async function readBounded(handle: fs.FileHandle, file: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(READ_CHUNK);
    const { bytesRead } = await handle.read(chunk, 0, READ_CHUNK, null);
    if (bytesRead === 0) return Buffer.concat(chunks, length);
    chunks.push(chunk.subarray(0, bytesRead));
    length += bytesRead;
    if (length > maxBytes) throw tooLarge(file, maxBytes);
  }
}

/** Magic numbers (statfs f_type) of Linux's pseudo file systems: their files are the kernel's, not the user's. */
const PSEUDO_FS = new Set([0x9fa0, 0x62656572, 0x64626720, 0x74726163, 0x73636673, 0x27e0eb, 0x63677270, 0x1cd1, 0x62656570, 0xde5e81e4, 0xcafe4a11, 0x6165676c, 0x1373]);
const PSEUDO_ROOTS = ['/proc/', '/sys/', '/dev/'];

async function isPseudoFile(real: string): Promise<boolean> {
  if (process.platform !== 'win32' && PSEUDO_ROOTS.some((root) => real.startsWith(root))) return true;
  const info = await fs.statfs(real).catch(() => null);
  return info !== null && PSEUDO_FS.has(Number(info.type));
}

function cannotRead(file: string, error: unknown): TidingsError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new TidingsError('import', file, 'no such file', 'not-found');
  return new TidingsError('import', file, `cannot read (${code ?? describeError(error)})`, 'failed');
}

function tooLarge(file: string, maxBytes: number): TidingsError {
  return new TidingsError('import', file, `larger than ${Math.round(maxBytes / 1024 / 1024)} MB`, 'invalid');
}
