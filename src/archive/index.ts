// openArchive: the one place that knows how the parts of the archive fit together and in
// which order they start and stop.

import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Archive, ArchiveApi } from '../api.js';
import { guardApi } from '../contract/index.js';
import { TidingsError } from '../errors.js';
import { seedEntry } from '../seed/index.js';
import { ArticleFiles, Library, lockDataDir, removeStaleTemps } from '../store/index.js';
import { createArticlesPart } from './articles.js';
import { createEnclosuresPart } from './enclosures.js';
import { type ArchiveContext, EventBus } from './context.js';
import { createExtractionPart } from './extraction.js';
import { createFeedsPart } from './feeds.js';
import { startFeedIcons } from './icons.js';
import { createSearchPart } from './search.js';

export interface OpenOptions {
  /**
   * How long to wait for the folder lock while another process holds it, in ms. 0 (the app):
   * say at once that the archive is open elsewhere; the command line waits a little.
   */
  lockWaitMs?: number;
}

export async function openArchive(dataDir: string, options: OpenOptions = {}): Promise<Archive> {
  const dir = path.resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const lock = await lockDataDir(dir, { waitMs: options.lockWaitMs ?? 0 });
  try {
    return await openLocked(dir, lock.release);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function openLocked(dir: string, releaseLock: () => void): Promise<Archive> {
  const isNew = !existsSync(path.join(dir, 'library.json'));
  await removeStaleTemps(dir);
  const library = await Library.open(dir);
  const files = new ArticleFiles(dir);
  await files.init();
  await Promise.all([removeStaleTemps(files.articlesDir), removeStaleTemps(files.assetsDir)]);
  const ctx = createContext(dir, library, files);

  const api: ArchiveApi = {
    ...createArticlesPart(ctx),
    ...createSearchPart(ctx),
    ...createExtractionPart(ctx),
    ...createFeedsPart(ctx),
  };
  createEnclosuresPart(ctx);
  // Feed icons: looked for after successful refreshes, in the background.
  startFeedIcons(ctx);

  if (isNew && !ctx.data.seeded) await plantSeed(ctx, api);

  let closed = false;
  const archive: Archive = {
    ...api,
    dataDir: dir,
    notices: [...library.notices],
    on: (listener) => ctx.on(listener),
    flush: () => library.flush(),
    assetPath: (name) => files.assetPath(name),
    /**
     * Stop the parts, write what is left, release the lock: always all three. A write that
     * fails (a full disk) rejects with its one-line TidingsError after the lock is released.
     */
    async close() {
      if (closed) return;
      closed = true;
      let failure: unknown = null;
      await stopAll(ctx.closers).catch((error: unknown) => (failure = error));
      // The write matters most: its failure is the one reported.
      await library.flush().catch((error: unknown) => (failure = error));
      releaseLock();
      if (failure !== null) throw failure;
    },
  };
  // The front door: every method checks its arguments (src/contract), whichever front end calls.
  return guardApi(archive);
}

/** Run every closer, even after one failed; rethrow the first failure. */
async function stopAll(closers: readonly (() => Promise<void> | void)[]): Promise<void> {
  let first: unknown = null;
  for (const stop of closers) {
    try {
      await stop();
    } catch (error) {
      first ??= error;
    }
  }
  if (first !== null) throw first;
}

function createContext(dataDir: string, library: Library, files: ArticleFiles): ArchiveContext {
  const bus = new EventBus();
  const ctx: ArchiveContext = {
    dataDir,
    library,
    files,
    get data() {
      return library.data;
    },
    emit: (event) => bus.emit(event),
    on: (listener) => bus.on(listener),
    hooks: { added: [], changed: [], removed: [] },
    services: {},
    closers: [],
    async runHooks(kind, ids) {
      for (const hook of ctx.hooks[kind]) {
        try {
          await hook(ids);
        } catch (error) {
          ctx.emit({ type: 'notice', level: 'error', message: (error as Error).message });
        }
      }
    },
    article(id) {
      const article = library.data.articles[id];
      if (!article) throw new TidingsError('articles', id, 'no such article', 'not-found');
      return article;
    },
  };
  return ctx;
}

async function plantSeed(ctx: ArchiveContext, api: ArchiveApi): Promise<void> {
  const seed = seedEntry();
  await api.importFile(seed.file, { title: seed.title, lang: seed.lang, tags: seed.tags });
  ctx.library.change((data) => {
    data.seeded = true;
  });
  await ctx.library.flush();
}
