// An archive context over a data directory, for the restore tests: restoreArchive takes the
// archive's inner context (src/archive/context.ts), which openArchive does not hand out. Built
// the way src/archive/index.ts builds it, without the parts (no seed, no feeds).

import type { ArchiveEvent } from '../../src/api.js';
import { EventBus, type ArchiveContext } from '../../src/archive/context.js';
import { restoreSanitizer } from '../../src/archive/restore.js';
import { Extractor } from '../../src/extract/index.js';
import { ArticleFiles, Library } from '../../src/store/index.js';

export interface TestContext {
  ctx: ArchiveContext;
  events: ArchiveEvent[];
  sanitize: (html: string) => Promise<string>;
  close(): Promise<void>;
}

export async function openContext(dataDir: string): Promise<TestContext> {
  const library = await Library.open(dataDir);
  const files = new ArticleFiles(dataDir);
  await files.init();
  const bus = new EventBus();
  const events: ArchiveEvent[] = [];
  bus.on((e) => events.push(e));
  const ctx: ArchiveContext = {
    dataDir, library, files,
    get data() {
      return library.data;
    },
    emit: (event) => bus.emit(event),
    on: (listener) => bus.on(listener),
    hooks: { added: [], changed: [], removed: [] },
    closers: [],
    async runHooks(kind, ids) {
      for (const hook of ctx.hooks[kind]) await hook(ids);
    },
    article(id) {
      return library.data.articles[id]!;
    },
  };
  // The sanitizer the archive wires in: the extraction part's clean step (images left as they are).
  const extractor = new Extractor({ assets: null });
  const sanitize = restoreSanitizer((html, baseUrl, network) => extractor.clean(html, baseUrl, { downloadImages: false, network }));
  return { ctx, events, sanitize, close: async () => {
    await extractor.close();
    await library.close();
  } };
}
