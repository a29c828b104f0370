// What every part of the archive shares: the store, the files, the event bus, and the hooks
// through which one part learns what another did (an article added, changed, removed).
// Parts never import each other; they meet here.

import type { ArchiveEvent, ArchiveListener } from '../api.js';
import type { ArticleRecord, LibraryData } from '../model/index.js';
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
  /** Work to stop and wait for at close, in order of registration. */
  readonly closers: (() => Promise<void>)[];
  article(id: string): ArticleRecord;
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
