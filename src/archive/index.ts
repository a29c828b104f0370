// openArchive: the one place that knows how the parts of the archive fit together and in
// which order they start and stop.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Archive, ArchiveApi } from '../api.js';
import { ARCHIVE_METHODS } from '../api-methods.js';
import { guardApi } from '../contract/index.js';
import { TidingsError } from '../errors.js';
import { seedEntry } from '../seed/index.js';
import { ArticleFiles, Library, journalDevices, lockDataDir, removeStaleTemps } from '../store/index.js';
import { createArticlesPart } from './articles.js';
import { createEnclosuresPart } from './enclosures.js';
import { type ArchiveContext, EventBus } from './context.js';
import { createExtractionPart } from './extraction.js';
import { createExportsPart } from './exports.js';
import { createFeedsPart } from './feeds.js';
import { createImagesPart } from './images.js';
import { createHighlightsPart } from './highlights.js';
import { startFeedIcons } from './icons.js';
import { createImportsPart } from './imports.js';
import { restoreArchive, restoreSanitizer } from './restore.js';
import { createSearchPart, type SearchSteps } from './search.js';
import { createSettingsPart } from './settings.js';
import { STIGNORE, startSync } from './sync.js';
import { createSyncStatusPart } from './sync-status.js';
import { createTagsPart } from './tags.js';
import { createViewsPart } from './views.js';

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
  const files = new ArticleFiles(dir);
  // An article from another device is taken once both its files are here (a sync engine copies them one by one).
  // An id that names no article file (src/model/identity.ts makes 16 hex digits) never has them.
  const hasFiles = (id: string): boolean => /^[0-9a-f]{16}$/.test(id) && existsSync(path.join(files.articlesDir, `${id}.html`)) && existsSync(path.join(files.articlesDir, `${id}.txt`));
  const library = await Library.open(dir, { hasFiles });
  await files.init();
  await Promise.all([removeStaleTemps(files.articlesDir), removeStaleTemps(files.assetsDir)]);
  const ctx = createContext(dir, library, files);

  // The parts, in the order they depend on each other: a feed's refresh (feeds) runs steps the
  // others own (search: index; tags: rules; settings: retention; extraction: sanitize, full
  // texts; images; enclosures), each handed over here as a required dependency.
  const search = createSearchPart(ctx);
  const tags = createTagsPart(ctx, search.service);
  const settings = createSettingsPart(ctx);
  const index = (ids: { added: string[]; changed: string[] }) => search.service.update(ids);
  const steps: SearchSteps = { index, rules: tags.rulesForNew, retention: settings.retentionFor };
  // Articles stored by other ways than a feed's refresh (a saved page, an import, another
  // device): indexed, then offered to the rules, as a refresh's steps do.
  ctx.hooks.added.push(async (ids) => {
    await index({ added: ids, changed: [] });
    await tags.rulesForNew(ids);
  });
  const extraction = createExtractionPart(ctx);
  const images = createImagesPart(ctx);
  const enclosures = createEnclosuresPart(ctx);
  const api: ArchiveApi = {
    ...createArticlesPart(ctx),
    ...search.api,
    ...tags.api,
    ...createViewsPart(ctx, search.service),
    ...settings.api,
    ...extraction.api,
    ...images.api,
    ...createFeedsPart(ctx, { search: steps, extraction: extraction.steps, images: images.queue, enclosures }),
    ...createSyncStatusPart(ctx),
    ...createHighlightsPart(ctx, search.service),
    // An OPML file imported goes to the feeds part (called once the api is whole).
    ...createImportsPart(ctx, { sanitize: extraction.steps.sanitize, images: images.queue, extract: extraction.steps.extract, importOpml: (xml, options) => api.importOpml(xml, options), restore: (file) => restoreArchive(ctx, file, { sanitize: restoreSanitizer(extraction.steps.sanitize) }) }),
    ...createExportsPart(ctx, search.service),
  };
  // Feed icons: looked for after successful refreshes, in the background.
  startFeedIcons(ctx);
  // Other devices' changes, as a sync engine brings their journals.
  const sync = startSync(ctx);
  writeSyncIgnore(dir);

  // A new device joining an archive that other devices already keep gets theirs, not a seed.
  if (isNew && !ctx.data.seeded && !(await journalDevices(dir)).some((d) => d !== library.device)) await plantSeed(ctx, api);

  let closed = false;
  const archive: Archive = {
    ...api,
    dataDir: dir,
    notices: [...library.notices],
    on: (listener) => ctx.on(listener),
    flush: () => library.flush(),
    syncNow: () => sync.pullNow(),
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
      await library.close().catch((error: unknown) => (failure = error));
      releaseLock();
      if (failure !== null) throw failure;
    },
  };
  // The front door: every method checks its arguments (src/contract), whichever front end calls,
  // and answers only once the change it made is durable in the journal.
  return guardApi(durableAnswers(archive, library));
}

/** Each method resolves after the journal lines of its changes are on disk. */
function durableAnswers(archive: Archive, library: Library): Archive {
  const out = { ...archive } as Record<string, unknown>;
  for (const method of ARCHIVE_METHODS) {
    const run = archive[method] as (...args: unknown[]) => Promise<unknown>;
    out[method] = async (...args: unknown[]) => {
      const result = await run.apply(archive, args);
      await library.durable();
      return result;
    };
  }
  return out as unknown as Archive;
}

/** The list of what Syncthing must leave alone, for a user who shares the data directory. */
function writeSyncIgnore(dir: string): void {
  const file = path.join(dir, '.stignore');
  if (existsSync(file)) return; // the user's own, or ours from before
  try {
    writeFileSync(file, STIGNORE);
  } catch {
    // A read-only or full disk: the archive opens all the same; docs/sync tell what to ignore.
  }
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
