// The search index of one data directory: index/segment.bin on disk plus what changed since,
// kept in step with the library. At open the segment is loaded (not rebuilt) and reconciled
// with the library: articles added or changed since it was written are indexed again from
// their text, deleted ones dropped. A missing, corrupt or older segment, or one far behind
// the library, is rebuilt on a worker thread with progress; searches wait for it. When many
// articles were indexed since the segment was written, it is rebuilt in the background (once
// articles stop coming in for a moment, or at once when very many piled up).

import { existsSync, readFileSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { analyze, type AnalyzedDoc } from './analyze.js';
import { type DocMeta, buildSegmentFile, readText } from './build.js';
import { MemoryIndex } from './memory-index.js';
import { rebuildInWorker } from './rebuild.js';
import { CorruptSegmentError, OutdatedSegmentError, Segment, checksumMatches } from './segment.js';

export const SEGMENT_FILE = 'segment.bin';
/** This many times `compactAbove` indexed since the segment: compact without waiting for quiet. */
const COMPACT_AT_ONCE = 4;

/** What the index reads the library through. */
export interface IndexSource {
  /** Every article now in the library. */
  docs(): DocMeta[];
  /** One article's metadata, or null if it is gone. */
  doc(id: string): DocMeta | null;
  /** Folder of the `<id>.txt` article texts. */
  textDir: string;
  /**
   * One article's text, when the library can give it without the file (one just stored is
   * still in memory); else the index reads `<id>.txt`. Rebuilds always read the files.
   */
  readText?(id: string): Promise<string>;
}

export type IndexEvent =
  | { kind: 'progress'; phase: 'start' | 'progress' | 'done'; done: number; total: number }
  | { kind: 'notice'; level: 'info' | 'warning' | 'error'; message: string };

export interface IndexOptions {
  /** Rebuild rather than reconcile when more than this many articles differ from the segment. */
  rebuildAbove?: number;
  /**
   * Rebuild in the background once this many articles were indexed since the segment and
   * none for `quietMs`; at once when four times as many piled up.
   */
  compactAbove?: number;
  quietMs?: number;
  /** Build on the calling thread below this many articles: a worker costs more than the work. */
  inlineBelow?: number;
}

export class PersistentIndex {
  private current: MemoryIndex = new MemoryIndex(null);
  private pending: Promise<void> = Promise.resolve();
  private rebuilding: Promise<void> | null = null;
  private verifying: Promise<void> | null = null;
  /** False until the first index is complete; changes before that are caught by reconciling. */
  private isReady = false;
  /** Stops a running worker at close: the next open starts the rebuild again. */
  private readonly stop = new AbortController();
  private closed = false;
  private readonly file: string;
  private readonly rebuildAbove: number;
  private readonly compactAbove: number;
  private readonly quietMs: number;
  private readonly inlineBelow: number;
  private compactTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly dir: string,
    private readonly source: IndexSource,
    private readonly report: (event: IndexEvent) => void,
    options: IndexOptions,
  ) {
    this.file = path.join(dir, SEGMENT_FILE);
    this.rebuildAbove = options.rebuildAbove ?? 2000;
    this.compactAbove = options.compactAbove ?? 1000;
    this.quietMs = options.quietMs ?? 2000;
    this.inlineBelow = options.inlineBelow ?? 200;
  }

  /** Open the index of `dir`; resolves once the segment is loaded or a rebuild is under way. */
  static open(dir: string, source: IndexSource, report: (event: IndexEvent) => void, options: IndexOptions = {}): PersistentIndex {
    const index = new PersistentIndex(dir, source, report, options);
    index.pending = index.start();
    return index;
  }

  /** The index, once it is complete. */
  async ready(): Promise<MemoryIndex> {
    await this.pending;
    return this.current;
  }

  /** Resolves when no background work (checksum check, compaction) is running. */
  async idle(): Promise<void> {
    await this.pending.catch(() => undefined);
    await this.verifying?.catch(() => undefined);
    await this.rebuilding?.catch(() => undefined);
  }

  get complete(): boolean {
    return this.isReady;
  }

  /**
   * Index these articles again if their text or title changed (or they are new). Before the
   * index is complete this does nothing: completing it reconciles with the library anyway.
   */
  async update(ids: string[]): Promise<void> {
    if (!this.isReady) return;
    for (const id of ids) {
      const meta = this.source.doc(id);
      if (!meta) this.current.remove(id);
      else if (this.current.hashOf(id) !== meta.hash) this.current.add(await this.analyzeOne(meta));
    }
    this.maybeCompact();
  }

  remove(ids: string[]): void {
    if (this.isReady) ids.forEach((id) => this.current.remove(id));
  }

  /** Wait for background work; nothing else needs writing, the segment is rebuilt from the library. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.stop.abort();
    await this.pending.catch(() => undefined);
    await this.verifying?.catch(() => undefined);
    await this.rebuilding?.catch(() => undefined);
  }

  private async start(): Promise<void> {
    await removeTemps(this.dir);
    const bytes = existsSync(this.file) ? readFileSync(this.file) : null;
    const segment = this.load(bytes, false);
    if (!segment) return this.rebuild();
    const next = new MemoryIndex(segment);
    if (this.staleIn(next).length > this.rebuildAbove) return this.rebuild();
    await this.switchTo(next);
    this.verifying = this.verify(bytes!);
    this.maybeCompact();
  }

  /**
   * The checksum of a large segment takes longer than the rest of opening it, so it is checked
   * just after, in small steps; a mismatch drops the segment and rebuilds the index.
   */
  private async verify(bytes: Buffer): Promise<void> {
    if (!(await checksumMatches(bytes))) await this.recover('checksum mismatch');
  }

  /** The segment turned out corrupt after it was opened: drop it and rebuild; searches wait. */
  async recover(why: string): Promise<void> {
    if (this.closed) return;
    if (this.isReady) {
      this.report({ kind: 'notice', level: 'warning', message: `search: ${this.file}: unusable (${why}); rebuilding the index` });
      this.isReady = false;
      this.pending = this.rebuild();
    }
    await this.pending;
  }

  private load(bytes: Buffer | null, checksum = true): Segment | null {
    if (!bytes) return null;
    const file = this.file;
    try {
      return Segment.decode(bytes, checksum);
    } catch (error) {
      const why = error instanceof CorruptSegmentError ? error.message : String(error);
      // A file from an older version is expected after an update: news, not a fault.
      const level = error instanceof OutdatedSegmentError ? 'info' : 'warning';
      this.report({ kind: 'notice', level, message: `search: ${file}: ${level === 'info' ? 'from another version' : 'unusable'} (${why}); rebuilding the index` });
      return null;
    }
  }

  /** Articles whose version in `index` differs from the library's; drops deleted ones from it. */
  private staleIn(index: MemoryIndex): DocMeta[] {
    const docs = this.source.docs();
    const wanted = new Set(docs.map((d) => d.id));
    for (const id of [...index.ids()]) if (!wanted.has(id)) index.remove(id);
    return docs.filter((d) => index.hashOf(d.id) !== d.hash);
  }

  /**
   * Bring `next` level with the library, then make it the current index. Documents the current
   * index already analyzed are reused; the switch itself happens with no wait in between, so
   * no change made meanwhile is lost.
   */
  private async switchTo(next: MemoryIndex): Promise<void> {
    for (;;) {
      const known = this.current.liveDocs();
      const stale = this.staleIn(next);
      const toRead = stale.filter((meta) => known.get(meta.id)?.hash !== meta.hash);
      if (toRead.length === 0) {
        stale.forEach((meta) => next.add(known.get(meta.id)!));
        this.current = next;
        this.isReady = true;
        return;
      }
      for (const meta of toRead) next.add(await this.analyzeOne(meta));
    }
  }

  private async analyzeOne(meta: DocMeta): Promise<AnalyzedDoc> {
    const body = this.source.readText ? await this.source.readText(meta.id) : await readText(path.join(this.source.textDir, `${meta.id}.txt`));
    return analyze({ ...meta, body });
  }

  /** Build a new segment from the whole library on a worker, then switch to it. */
  private async rebuild(): Promise<void> {
    const docs = this.source.docs();
    this.report({ kind: 'progress', phase: 'start', done: 0, total: docs.length });
    await fs.mkdir(this.dir, { recursive: true });
    let segment: Segment | null = null;
    try {
      const job = { textDir: this.source.textDir, target: this.file, docs };
      const progress = (done: number, total: number) => this.report({ kind: 'progress', phase: 'progress', done, total });
      await (docs.length < this.inlineBelow ? buildSegmentFile(job, progress) : rebuildInWorker(job, progress, this.stop.signal));
      segment = this.load(readFileSync(this.file));
    } catch (error) {
      if (this.closed) return;
      this.report({ kind: 'notice', level: 'error', message: `search: rebuilding the index failed (${(error as Error).message}); searching from memory` });
    }
    // Without a segment every article is indexed in memory: slower to open next time, never wrong.
    await this.switchTo(new MemoryIndex(segment));
    this.report({ kind: 'progress', phase: 'done', done: docs.length, total: docs.length });
  }

  /**
   * A compaction reads every article, so it waits for a quiet moment: a first refresh adding
   * ten thousand articles compacted again and again while it ran (each time reading all so
   * far), taking a core from the refresh. Memory still bounds the wait.
   */
  private maybeCompact(): void {
    if (this.closed || this.rebuilding || this.current.liveSize < this.compactAbove) return;
    if (this.current.liveSize < this.compactAbove * COMPACT_AT_ONCE) {
      if (this.compactTimer) clearTimeout(this.compactTimer);
      this.compactTimer = setTimeout(() => {
        this.compactTimer = null;
        if (!this.closed && !this.rebuilding && this.current.liveSize >= this.compactAbove) this.startCompaction();
      }, this.quietMs);
      this.compactTimer.unref();
      return;
    }
    this.startCompaction();
  }

  private startCompaction(): void {
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.compactTimer = null;
    this.rebuilding = this.compact().finally(() => {
      this.rebuilding = null;
    });
  }

  /** Rebuild in the background while the current index keeps answering. */
  private async compact(): Promise<void> {
    const tmp = `${this.file}.next`;
    try {
      await rebuildInWorker({ textDir: this.source.textDir, target: tmp, docs: this.source.docs() }, () => undefined, this.stop.signal);
      if (this.closed) return;
      await this.pending;
      const segment = Segment.decode(readFileSync(tmp));
      await fs.rename(tmp, this.file);
      await this.switchTo(new MemoryIndex(segment));
    } catch (error) {
      if (this.closed) return;
      this.report({ kind: 'notice', level: 'warning', message: `search: compacting the index failed: ${(error as Error).message}` });
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }
}

/** Temp files of a write that a crash or a stopped worker left behind. */
async function removeTemps(dir: string): Promise<void> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.endsWith('.tmp') || n.endsWith('.next')).map((n) => fs.rm(path.join(dir, n), { force: true })));
}
