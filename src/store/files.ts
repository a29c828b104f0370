// Article bodies and images on disk, outside library.json:
// articles/<id>.html and .txt, written once; assets/<sha256>.<ext>, content-addressed.
// The texts written last are also kept in memory for a moment (the search index reads them next).

import { promises as fs, existsSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../model/index.js';
import { syncDir, writeFileAtomic, writeFileGroupsAtomic, writeFilesDirectly } from './atomic.js';

// Images, and the audio and video of enclosures (src/archive/enclosures.ts sniffs them).
const ASSET_NAME = /^[0-9a-f]{64}\.(png|jpe?g|gif|webp|avif|svg|ico|bmp|mp3|aac|wav|ogg|flac|webm|m4a|mp4|mov)$/;
const ARTICLE_ID = /^[0-9a-f]{16}$/;
/** Bounds of the memory of texts just written: a few feeds' worth, a few megabytes at most. */
const RECENT_TEXTS = 500;
const RECENT_TEXT_CHARS = 2_000_000;

/** An article's two files. `durable: false`: files the library can make again (a placeholder), not fsynced one by one. */
export interface ArticleWrite {
  id: string;
  html: string;
  text: string;
  durable?: boolean;
}

export class ArticleFiles {
  readonly articlesDir: string;
  readonly assetsDir: string;
  /** Texts of the articles written last, as on disk: the index reads each one just after. */
  private readonly recentTexts = new RecentTexts(RECENT_TEXTS, RECENT_TEXT_CHARS);

  constructor(dataDir: string) {
    this.articlesDir = path.join(dataDir, 'articles');
    this.assetsDir = path.join(dataDir, 'assets');
  }

  async init(): Promise<void> {
    await fs.mkdir(this.articlesDir, { recursive: true });
    await fs.mkdir(this.assetsDir, { recursive: true });
  }

  /**
   * Several articles' files at once, with one fsync of the folder for all. Returns each
   * article's error, or null once its files are durable; one that fails does not stop the others.
   */
  async writeMany(articles: readonly ArticleWrite[]): Promise<(unknown | null)[]> {
    const errors: (unknown | null)[] = articles.map(({ id }) => (ARTICLE_ID.test(id) ? null : notAnId(id)));
    const valid = articles.filter((_, i) => errors[i] === null);
    this.markOwn(valid);
    return this.exclusive(valid.map(({ id }) => id), () => this.writeValid(valid, errors));
  }

  /** These articles' files are being written by us: the folder's events about them are ours. */
  private markOwn(articles: readonly { id: string }[]): void {
    const now = Date.now();
    articles.forEach(({ id }) => this.ownWrites.set(id, now));
  }

  private async writeValid(valid: readonly ArticleWrite[], errors: (unknown | null)[]): Promise<(unknown | null)[]> {
    // Marked before writing (and again after): the folder's events can arrive while the write still finishes.
    this.markOwn(valid);
    const written = await this.writeBoth(valid);
    this.markOwn(valid);
    valid.forEach(({ id, text }, i) => {
      // A failed write may have replaced the .txt or not: forget the text, the file tells.
      if (written[i] === null) this.recentTexts.add(id, text);
      else this.recentTexts.delete(id);
    });
    let next = 0;
    return errors.map((error) => (error === null ? written[next++]! : error));
  }

  /** Durable articles atomically (temp, fsync, rename), placeholders directly; one fsync of the folder for all. */
  private async writeBoth(valid: readonly ArticleWrite[]): Promise<(unknown | null)[]> {
    const filesOf = ({ id, html, text }: ArticleWrite) => [
      { target: path.join(this.articlesDir, `${id}.html`), data: html },
      { target: path.join(this.articlesDir, `${id}.txt`), data: text },
    ];
    const cheap = valid.flatMap((a, i) => (a.durable === false ? [i] : []));
    if (cheap.length === 0) return writeFileGroupsAtomic(this.articlesDir, valid.map(filesOf));
    const durable = valid.flatMap((a, i) => (a.durable === false ? [] : [i]));
    const results: (unknown | null)[] = new Array(valid.length).fill(null);
    const atomic = await writeFileGroupsAtomic(this.articlesDir, durable.map((i) => filesOf(valid[i]!)));
    durable.forEach((i, k) => (results[i] = atomic[k]));
    const direct = await writeFilesDirectly(cheap.map((i) => filesOf(valid[i]!)));
    cheap.forEach((i, k) => (results[i] = direct[k]));
    await syncDir(this.articlesDir);
    return results;
  }

  /**
   * Rewrite an article's HTML from what is on disk now (its images put in place): `change`
   * returns the new HTML, or null to leave the file alone. No other write of this article's
   * files runs between the read and the write.
   */
  async rewriteHtml(id: string, change: (html: string) => string | null): Promise<boolean> {
    checkId(id);
    const file = path.join(this.articlesDir, `${id}.html`);
    return this.exclusive([id], async () => {
      const next = change(await readOrEmpty(file));
      if (next === null) return false;
      this.ownWrites.set(id, Date.now());
      await writeFileAtomic(file, next);
      this.ownWrites.set(id, Date.now());
      return true;
    });
  }

  /** Articles whose files are being written, each with the write that comes last. */
  private readonly busy = new Map<string, Promise<void>>();

  /** Run `write` when no other write of these articles' files is under way. */
  private async exclusive<T>(ids: readonly string[], write: () => Promise<T>): Promise<T> {
    const before = [...new Set(ids.map((id) => this.busy.get(id)))];
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    for (const id of ids) this.busy.set(id, mine);
    try {
      await Promise.all(before);
      return await write();
    } finally {
      release();
      for (const id of ids) if (this.busy.get(id) === mine) this.busy.delete(id);
    }
  }

  async readHtml(id: string): Promise<string> {
    checkId(id);
    return readOrEmpty(path.join(this.articlesDir, `${id}.html`));
  }

  /** The plain text; one written a moment ago comes from memory (the search index asks at once). */
  async readText(id: string): Promise<string> {
    checkId(id);
    return this.recentTexts.get(id) ?? readOrEmpty(path.join(this.articlesDir, `${id}.txt`));
  }

  /** Articles whose files this process wrote, and when: file events for them are our own. */
  private readonly ownWrites = new WriteTimes();

  /** Whether this process wrote the files of `id` in the last `ms` (a file event about them is ours). */
  wroteRecently(id: string, ms = 30_000): boolean {
    const now = Date.now();
    this.ownWrites.forgetBefore(now - ms);
    const at = this.ownWrites.get(id);
    return at !== undefined && now - at <= ms;
  }

  /** The files of `id` were replaced from outside (a sync engine): read them from disk again. */
  forget(id: string): void {
    this.recentTexts.delete(id);
  }

  async remove(id: string): Promise<void> {
    checkId(id);
    this.recentTexts.delete(id);
    await fs.rm(path.join(this.articlesDir, `${id}.html`), { force: true });
    await fs.rm(path.join(this.articlesDir, `${id}.txt`), { force: true });
  }

  /** Store an image once, named by its content. Returns the asset name. */
  async writeAsset(bytes: Uint8Array, ext: string): Promise<string> {
    const name = `${sha256(bytes)}.${ext.toLowerCase()}`;
    if (!ASSET_NAME.test(name)) throw new Error(`store: asset type .${ext} is not a type we keep`);
    const file = path.join(this.assetsDir, name);
    if (!existsSync(file)) await writeFileAtomic(file, bytes);
    return name;
  }

  /** Absolute path of an asset if the name is well-formed and the file exists; else null. */
  assetPath(name: string): string | null {
    if (!ASSET_NAME.test(name)) return null;
    const file = path.join(this.assetsDir, name);
    return existsSync(file) ? file : null;
  }
}

export function isAssetName(name: string): boolean {
  return ASSET_NAME.test(name);
}

function checkId(id: string): void {
  if (!ARTICLE_ID.test(id)) throw notAnId(id);
}

function notAnId(id: string): Error {
  return new Error(`store: ${id}: not an article id`);
}

/**
 * When each article was last written, oldest first: forgetting the old ones stops at the first
 * recent one. The watcher asks about every file event of a refresh (80,000 for 10,000 articles)
 * and a walk over every entry at each question cost 5 s of the main thread.
 */
export class WriteTimes {
  private readonly times = new Map<string, number>();

  /** `at` is now: written again, an article moves to the end, so the map stays in time order. */
  set(id: string, at: number): void {
    this.times.delete(id);
    this.times.set(id, at);
  }

  get(id: string): number | undefined {
    return this.times.get(id);
  }

  /** Drop what was written before `cutoff`, from the oldest on. */
  forgetBefore(cutoff: number): void {
    for (const [id, at] of this.times) {
      if (at >= cutoff) return;
      this.times.delete(id);
    }
  }
}

/** A small first-in first-out memory of texts, bounded in count and in characters. */
export class RecentTexts {
  private readonly texts = new Map<string, string>();
  private chars = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxChars: number,
  ) {}

  get(id: string): string | undefined {
    return this.texts.get(id);
  }

  add(id: string, text: string): void {
    this.delete(id);
    if (text.length > this.maxChars) return;
    this.texts.set(id, text);
    this.chars += text.length;
    for (const [oldest, old] of this.texts) {
      if (this.texts.size <= this.maxEntries && this.chars <= this.maxChars) break;
      this.texts.delete(oldest);
      this.chars -= old.length;
    }
  }

  delete(id: string): void {
    const text = this.texts.get(id);
    if (text === undefined) return;
    this.texts.delete(id);
    this.chars -= text.length;
  }
}

async function readOrEmpty(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
