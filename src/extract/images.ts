// Offline images, after sanitizing: each image of the article is downloaded (a few at a
// time, under a size cap and a time limit) or, for a local HTML file, read from beside it
// (never from outside the file's folder), checked by its magic bytes, and stored once in
// assets/ under its sha256. A slot then points at `tidings-asset:<name>`; an image that could
// not be kept (network error, not an image, SVG, too big) keeps its remote URL, and the article
// is saved all the same.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASSET_SCHEME } from '../api.js';
import { fetchUrl, IMAGE_FETCH, type NetworkScope } from '../net/index.js';
import { describeError } from '../errors.js';
import { type ImageSlots, MAX_IMAGES } from './image-slots.js';
import { looksLikeSvg, sniffImage } from './image-type.js';

export interface AssetStore {
  writeAsset(bytes: Uint8Array, ext: string): Promise<string>;
}

export interface ImageOptions {
  /** Largest image kept, in bytes (default 8 MB). */
  maxBytes?: number;
  timeoutMs?: number;
  /** Downloads at once for one article (default 4). */
  concurrency?: number;
  /** Stops the downloads (the archive closing): what was not fetched counts as failed. */
  signal?: AbortSignal;
}

export interface OfflineImages {
  /** Remote URL to local reference (`tidings-asset:<name>`), for the images kept. */
  local: Map<string, string>;
  /** Remote URL to the reason it was not kept. */
  failed: Map<string, string>;
}

/** Which images may be kept: http(s) ones from the network, file: ones from under a folder. */
export interface ImagePolicy {
  remote: boolean;
  localRoot: string | null;
  /** 'public': the document is on the public internet, so are the images it may make us fetch. */
  network?: NetworkScope;
}

export async function downloadImages(slots: ImageSlots, store: AssetStore, policy: ImagePolicy, options: ImageOptions = {}): Promise<OfflineImages> {
  const urls = [...new Set(slots.urls)].filter((url) => (url.startsWith('file:') ? policy.localRoot !== null : policy.remote)).slice(0, MAX_IMAGES);
  const result: OfflineImages = { local: new Map(), failed: new Map() };
  let next = 0;
  const worker = async () => {
    while (next < urls.length && !options.signal?.aborted) {
      const url = urls[next++]!;
      try {
        const name = url.startsWith('file:') ? await readLocal(url, policy.localRoot!, store, options) : await downloadOne(url, store, options, policy.network ?? 'any');
        result.local.set(url, `${ASSET_SCHEME}:${name}`);
      } catch (error) {
        result.failed.set(url, describeError(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, urls.length) }, worker));
  return result;
}

async function downloadOne(url: string, store: AssetStore, options: ImageOptions, network: NetworkScope): Promise<string> {
  const response = await fetchUrl(url, {
    maxBytes: options.maxBytes ?? 8 * 1024 * 1024,
    timeoutMs: options.timeoutMs ?? IMAGE_FETCH.timeoutMs,
    connectTimeoutMs: IMAGE_FETCH.connectTimeoutMs,
    // Their own lane: an image never holds a slot a page or a feed needs.
    kind: 'image',
    network,
    signal: options.signal,
    accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8',
  });
  if (response.status !== 200) throw new Error(`images: ${url}: HTTP ${response.status}`);
  const ext = sniffImage(response.body);
  if (!ext) {
    const what = looksLikeSvg(response.body) ? 'an SVG image (kept remote: SVG can carry scripts)' : 'not an image we keep';
    throw new Error(`images: ${url}: ${what}`);
  }
  return store.writeAsset(response.body, ext);
}

/**
 * A file: image of an imported page, read only if its real path (symlinks resolved) is inside
 * the real path of the page's folder: a link in the folder to ../secret.png or /etc/passwd
 * is dropped like any path outside it.
 */
async function readLocal(url: string, root: string, store: AssetStore, options: ImageOptions): Promise<string> {
  const outside = () => new Error(`images: ${url}: outside the imported file's folder`);
  const file = path.resolve(fileURLToPath(url));
  if (!isInside(path.resolve(root), file)) throw outside();
  const [realRoot, realFile] = await Promise.all([fs.realpath(root), fs.realpath(file)]);
  if (!isInside(realRoot, realFile)) throw outside();
  const stat = await fs.stat(realFile);
  const max = options.maxBytes ?? 8 * 1024 * 1024;
  if (!stat.isFile() || stat.size > max) throw new Error(`images: ${url}: not a file, or larger than ${max} bytes`);
  const bytes = await fs.readFile(realFile);
  const ext = sniffImage(bytes);
  if (!ext) throw new Error(`images: ${url}: not an image we keep`);
  return store.writeAsset(bytes, ext);
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
