// Extraction, the public entry. The order of the whole pipeline, written once:
//   1. decode the page's bytes (BOM, HTTP charset, <meta charset>; net/charset.ts)
//   2-6. in a worker thread (pool.ts -> worker.ts -> pipeline.ts): lazy images into place,
//        Readability with the page URL, metadata, DOMPurify sanitizing (last change to the HTML)
//   7. offline images: downloaded into assets/, slots filled (images.ts, image-slots.ts)
// Fetching the page is the caller's (archive/extraction.ts), through net/.

import { decodeBody, type NetworkScope } from '../net/index.js';
import { fillImages, fillRemote, type PlacedImages } from './image-slots.js';
import { type AssetStore, downloadImages, type ImageOptions, type ImagePolicy } from './images.js';
import type { ArticleMetadata } from './metadata.js';
import { ExtractionPool, type PoolOptions } from './pool.js';
import { PoolLease } from '../workers/index.js';
import { sharedExtractionPool } from './shared-pool.js';

export { escapeHtml, textToArticle, type TextArticle } from './plaintext.js';
export { detectLanguage } from './language.js';
export { looksLikeSvg, sniffImage, type ImageExt } from './image-type.js';
export type { ArticleMetadata } from './metadata.js';
export type { PoolOptions } from './pool.js';
export type { AssetStore, ImageOptions, OfflineImages } from './images.js';
export { downloadImages } from './images.js';
export { placeImages, type PlacedImages } from './image-slots.js';

export interface ExtractedArticle {
  /** False when Readability found no article: keep the page's title and URL, mark it failed. */
  readable: boolean;
  reason: string | null;
  meta: ArticleMetadata;
  /** Sanitized; images point at `tidings-asset:` names or, when not kept, their remote URL. */
  html: string;
  text: string;
  images: { kept: number; failed: number };
}

export interface CleanHtml {
  html: string;
  text: string;
  wordCount: number;
  leadImage: string | null;
  /** With `later`: the images left remote, to download and place afterwards (see fillRemote). */
  pending?: PlacedImages;
}

export interface PageImageOptions {
  /** Download the page's http(s) images (the setting `downloadImages`). */
  downloadImages: boolean;
  /** For a local file: keep its file: images found under this folder (and drop the others). */
  localImagesUnder?: string;
  /** 'public': the page is on the public internet; its images may not come from a private address. */
  network?: NetworkScope;
}

export interface ExtractorOptions {
  /** A pool of its own with these options; without them, the process's shared pool (shared-pool.ts). */
  pool?: PoolOptions;
  images?: ImageOptions;
  /** Where downloaded images go (the archive's assets/); null: never download. */
  assets: AssetStore | null;
}

export class Extractor {
  private readonly pool: ExtractionPool;
  private readonly ownPool: boolean;
  private readonly lease = new PoolLease('extract', 'extraction');

  constructor(private readonly options: ExtractorOptions) {
    this.ownPool = options.pool !== undefined;
    this.pool = this.ownPool ? new ExtractionPool(options.pool) : sharedExtractionPool();
  }

  /** A whole page (bytes as fetched, or text) into a clean, offline article. */
  async page(input: { body: Buffer | string; contentType: string | null; url: string | null }, opts: PageImageOptions): Promise<ExtractedArticle> {
    const html = typeof input.body === 'string' ? input.body : decodeBody(input.body, input.contentType, 'html');
    const page = await this.lease.track(input.url, () => this.pool.run('page', html, input.url));
    const offline = await this.offline(page.images, { remote: opts.downloadImages, localRoot: opts.localImagesUnder ?? null, network: opts.network ?? 'any' });
    // A local image that could not be kept is dropped: a file: path never reaches the archive.
    for (const url of page.images.urls) if (url.startsWith('file:') && !offline.local.has(url)) offline.local.set(url, '');
    const lead = page.meta.leadImage ? (offline.local.get(page.meta.leadImage) ?? page.meta.leadImage) : null;
    const leadImage = lead && !lead.startsWith('file:') ? lead : null;
    return {
      readable: page.readable,
      reason: page.reason,
      meta: { ...page.meta, leadImage },
      html: fillImages(page.html, page.images, offline.local),
      text: page.text,
      images: { kept: offline.local.size, failed: offline.failed.size },
    };
  }

  /**
   * Feed-supplied HTML: sanitized and its images made offline, no Readability. `later`: the
   * images are not downloaded now but left remote and placed (`pending`), for the image queue.
   */
  async clean(html: string, baseUrl: string | null, opts: { downloadImages: boolean; network?: NetworkScope; later?: boolean }): Promise<CleanHtml> {
    const fragment = await this.lease.track(baseUrl, () => this.pool.run('fragment', html, baseUrl));
    if (opts.later && opts.downloadImages) {
      const placed = fillRemote(fragment.html, fragment.images);
      const pending = placed.urls.length > 0 ? { at: placed.at, urls: placed.urls } : undefined;
      return { html: placed.html, text: fragment.text, wordCount: fragment.wordCount, leadImage: fragment.images.urls[0] ?? null, ...(pending ? { pending } : {}) };
    }
    const offline = await this.offline(fragment.images, { remote: opts.downloadImages, localRoot: null, network: opts.network ?? 'any' });
    const first = fragment.images.urls[0];
    return {
      html: fillImages(fragment.html, fragment.images, offline.local),
      text: fragment.text,
      wordCount: fragment.wordCount,
      leadImage: first ? (offline.local.get(first) ?? first) : null,
    };
  }

  /** Start the worker threads now rather than at the first page. */
  warm(): Promise<void> {
    return this.pool.warm();
  }

  status(): { queued: number; running: number } {
    const { queued, running } = this.pool.status();
    return { queued, running };
  }

  /** Stop: jobs still waited for fail at once; a pool of its own is closed, the shared one lent back. */
  async close(): Promise<void> {
    this.lease.close();
    if (this.ownPool) await this.pool.close();
  }

  private async offline(slots: Parameters<typeof downloadImages>[0], policy: ImagePolicy) {
    if ((!policy.remote && !policy.localRoot) || !this.options.assets || slots.urls.length === 0) return { local: new Map<string, string>(), failed: new Map<string, string>() };
    return downloadImages(slots, this.options.assets, policy, this.options.images);
  }
}
