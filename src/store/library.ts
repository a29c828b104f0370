// The store of record for metadata: one lowdb instance over library.json.
// Mutations change memory at once and are written together: many changes, one write.

import { Low } from 'lowdb';
import type { LibraryData } from '../model/index.js';
import { LibraryFileAdapter } from './adapter.js';
import { emptyLibrary } from './defaults.js';
import { SCHEMA_VERSION } from './migrations.js';

/**
 * How long a change may wait in memory before it is written: 250 ms, or four times as long as
 * the last write took when that is longer (at most 2 s). A large library (a write of 150 ms at
 * 10,000 articles) is then never busy writing more than a fifth of the time, as during a first
 * refresh that adds thousands of articles; a small one is written within 250 ms. `flush()` is
 * the durability point either way.
 */
const WRITE_DELAY_MS = 250;
const MAX_WRITE_DELAY_MS = 2000;
const WRITE_SHARE = 4;

export class Library {
  private readonly db: Low<LibraryData>;
  private readonly adapter: LibraryFileAdapter;
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  private writing: Promise<void> | null = null;
  private lastError: unknown = null;
  private lastWriteMs = 0;

  private constructor(adapter: LibraryFileAdapter) {
    this.adapter = adapter;
    this.db = new Low(adapter, emptyLibrary(SCHEMA_VERSION));
  }

  static async open(dataDir: string): Promise<Library> {
    const library = new Library(new LibraryFileAdapter(dataDir));
    await library.db.read();
    return library;
  }

  get data(): LibraryData {
    return this.db.data;
  }

  get notices(): readonly string[] {
    return this.adapter.notices;
  }

  /** Change the data in memory; the write follows shortly, coalesced with other changes. */
  change<T>(mutate: (data: LibraryData) => T): T {
    const result = mutate(this.db.data);
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.flush().catch((error: unknown) => {
        this.lastError = error;
      });
    }, this.writeDelay());
    return result;
  }

  /** The pause before the next coalesced write (see WRITE_DELAY_MS). */
  writeDelay(): number {
    return Math.min(MAX_WRITE_DELAY_MS, Math.max(WRITE_DELAY_MS, Math.round(WRITE_SHARE * this.lastWriteMs)));
  }

  /** Write every change made so far. Resolves when they are on disk. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.writing) await this.writing;
    if (!this.dirty) return this.rethrowBackgroundError();
    this.dirty = false;
    const started = performance.now();
    this.writing = this.db.write().then(() => {
      this.lastWriteMs = performance.now() - started;
      // A background write that failed earlier is now carried by this one: nothing to report.
      this.lastError = null;
    }, (error: unknown) => {
      this.dirty = true;
      throw error;
    });
    try {
      await this.writing;
    } finally {
      this.writing = null;
    }
  }

  private rethrowBackgroundError(): void {
    const error = this.lastError;
    this.lastError = null;
    if (error) throw error;
  }
}
