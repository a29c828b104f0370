// What every part of the archive shares: the store, the files, the event bus, and the hooks
// through which one part learns what another did (an article added, changed, removed).
// Parts never import each other; they meet here.

import type { ArchiveEvent, ArchiveListener } from '../api.js';
import type { ArticleRecord, LibraryData } from '../model/index.js';
import type { NetworkScope } from '../net/index.js';
import type { ArticleFiles, Library } from '../store/index.js';

export type ArticleHook = (ids: string[]) => void | Promise<void>;

export interface ArchiveContext {
  readonly dataDir: string;
  readonly library: Library;
  readonly files: ArticleFiles;
  readonly data: LibraryData;
  emit(event: ArchiveEvent): void;
  on(listener: ArchiveListener): () => void;
  /** Called after articles were stored (new), changed (state or content) or removed. */
  readonly hooks: { added: ArticleHook[]; changed: ArticleHook[]; removed: ArticleHook[] };
  /** Run the hooks of one kind; a failing hook becomes an error notice, never a lost change. */
  runHooks(kind: 'added' | 'changed' | 'removed', ids: string[]): Promise<void>;
  /** What one part offers the others, registered by the part that owns it. */
  readonly services: ArchiveServices;
  /** Work to stop and wait for at close, in order of registration. */
  readonly closers: (() => Promise<void>)[];
  article(id: string): ArticleRecord;
}

export interface ArchiveServices {
  /**
   * Registered by the extraction part: queue stored articles for Readability extraction, and
   * sanitize untrusted HTML (feed items) into what may be stored.
   */
  extraction?: {
    enqueue(ids: string[]): void;
    /** `network`: 'public' keeps the item's images to public addresses (see src/net/address.ts). */
    cleanHtml(html: string, baseUrl: string | null, network?: NetworkScope): Promise<{ html: string; text: string; wordCount: number; leadImage: string | null }>;
    /** Start the cleaning workers now, while feeds are still being fetched, when items are sure to come. */
    warm(): void;
  };
  /** Registered by the search part: ids of the articles a query (the search language) matches. */
  search?: { matchIds(query: string): Promise<string[]> };
}

export class EventBus {
  private readonly listeners = new Set<ArchiveListener>();

  on(listener: ArchiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ArchiveEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure is the listener's: it must not stop the archive's work.
      }
    }
  }
}
