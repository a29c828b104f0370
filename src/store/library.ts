// The store of record for metadata: library.json (via lowdb) as a checkpoint, and this device's
// journal (journal/<device>.jsonl) for every change since. A change is applied in memory at once,
// appended to the journal and made durable before it is acknowledged (`durable()`); library.json
// is written rarely (every few thousand changes, every few minutes, at close), and opening
// replays the journals past the checkpoint. Other devices' journals (copied by a sync engine)
// are merged by the same rules (merge.ts), in any order.

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { Low } from 'lowdb';
import type { LibraryData, SyncState } from '../model/index.js';
import { LibraryFileAdapter } from './adapter.js';
import { emptyLibrary } from './defaults.js';
import { HybridClock, deviceOf, isHlc } from './hlc.js';
import { compactOps, stateOps } from './compact.js';
import { type JournalPosition, JournalWriter, journalDevices, journalFile, readJournal, readWholeJournal, rewriteJournal } from './journal.js';
import { type Applied, applyOp } from './merge.js';
import { SCHEMA_VERSION } from './migrations.js';
import { type Op, currentOf, diffOps, idOf, syncedFields } from './ops.js';
import { track } from './track.js';

/** Changes after which library.json is written again (a checkpoint), whatever the time. */
const CHECKPOINT_CHANGES = 5000;
/** The longest a change waits in the journal alone before a checkpoint (the app, running). */
const CHECKPOINT_MS = 5 * 60 * 1000;
/** At close, library.json is written when it is this small (cheap), or when this many changes wait. */
const CLOSE_CHECKPOINT_BYTES = 4 * 1024 * 1024;
const CLOSE_CHECKPOINT_CHANGES = 1000;
/** Our journal is compacted at open once it is this large and twice its size after the last compaction. */
const COMPACT_BYTES = 32 * 1024 * 1024;

export interface LibraryOpenOptions {
  /** Whether an article's files are there (a remote article waits for them); default: yes. */
  hasFiles?: (id: string) => boolean;
  /** Compact our journal at open past this size (default 32 MB; tests use less). */
  compactBytes?: number;
}

export interface PullResult {
  applied: Applied[];
  /** Lines of other journals that could not be applied, in words. */
  skipped: string[];
}

export class Library {
  private readonly db: Low<LibraryData>;
  private readonly adapter: LibraryFileAdapter;
  private clock!: HybridClock;
  private writer!: JournalWriter;
  private timer: NodeJS.Timeout | null = null;
  private changesSinceCheckpoint = 0;
  private localDirty = false;
  private writing: Promise<void> | null = null;
  private lastError: unknown = null;
  private lastCheckpointBytes = 0;
  private hasFiles: (id: string) => boolean = () => true;
  private compactBytes = COMPACT_BYTES;
  /** What the journals held that could not be applied, in plain words, for the user. */
  readonly journalNotices: string[] = [];

  private constructor(private readonly dataDir: string, adapter: LibraryFileAdapter) {
    this.adapter = adapter;
    this.db = new Low(adapter, emptyLibrary(SCHEMA_VERSION));
  }

  static async open(dataDir: string, options: LibraryOpenOptions = {}): Promise<Library> {
    const library = new Library(dataDir, new LibraryFileAdapter(dataDir));
    if (options.hasFiles) library.hasFiles = options.hasFiles;
    library.compactBytes = options.compactBytes ?? COMPACT_BYTES;
    await library.db.read();
    await library.startJournal();
    return library;
  }

  get data(): LibraryData {
    return this.db.data;
  }

  get notices(): readonly string[] {
    return [...this.adapter.notices, ...this.journalNotices];
  }

  get device(): string {
    return this.sync.device;
  }

  /** Whether the record's latest `new` was made on this device (not merged from another one). */
  madeHere(key: string): boolean {
    const made = this.sync.clocks[key]?.c;
    return made === undefined || deviceOf(made) === this.device;
  }

  private get sync(): SyncState {
    return this.db.data.sync!;
  }

  /**
   * Change the data in memory and append the change to the journal. The change is durable when
   * `durable()` resolves; front ends acknowledge after that.
   */
  change<T>(mutate: (data: LibraryData) => T): T {
    const { result, touched } = track(this.db.data, mutate);
    if (touched.local) this.localDirty = true;
    if (touched.before.size === 0) {
      if (touched.local) this.scheduleCheckpoint();
      return result;
    }
    const clocks = this.sync.clocks;
    // A change is made after what the user saw: its time is later than every time on the
    // records it changes, even those of a device whose clock runs days ahead.
    for (const key of touched.before.keys()) for (const seen of timesOf(clocks, key)) this.clock.observe(seen, { anyTime: true });
    const h = this.clock.tick();
    const ops = diffOps(this.db.data, touched, h, (key, tag) => clocks[key]?.t?.[tag]?.[0] || undefined);
    for (const op of ops) applyOp(this.db.data, clocks, op, true);
    this.sync.hlc = h;
    this.writer.append(ops);
    this.changesSinceCheckpoint += ops.length;
    this.scheduleCheckpoint();
    return result;
  }

  /** Resolves when every change so far is in the journal on disk. */
  durable(): Promise<void> {
    return this.writer.durable();
  }

  /** Write every change so far, and a checkpoint of the whole library. Resolves when both are on disk. */
  async flush(): Promise<void> {
    await this.durable();
    await this.checkpoint(true);
  }

  /** Stop: the journal made durable, a checkpoint written when it is cheap or overdue. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let failure: unknown = null;
    await this.durable().catch((error: unknown) => (failure = error));
    const due = this.localDirty || this.changesSinceCheckpoint >= CLOSE_CHECKPOINT_CHANGES || (this.changesSinceCheckpoint > 0 && this.lastCheckpointBytes <= CLOSE_CHECKPOINT_BYTES);
    if (due) await this.checkpoint(true).catch((error: unknown) => (failure ??= error));
    await this.writer.close();
    if (failure !== null) throw failure;
  }

  /**
   * Read what other devices' journals added since last time and merge it. Articles whose files
   * have not arrived yet wait (`pending`) and are taken at a later pull.
   */
  async pull(): Promise<PullResult> {
    const result: PullResult = { applied: [], skipped: [] };
    for (const device of await journalDevices(this.dataDir)) {
      if (device === this.device) continue;
      // A part at a time, each applied before the next is read: memory stays bounded whatever the journal's size.
      for (let more = true; more; ) {
        const read = await readJournal(journalFile(this.dataDir, device), this.sync.offsets[device]);
        for (const s of read.skipped) result.skipped.push(`journal/${device}.jsonl: a line after byte ${this.sync.offsets[device]?.at ?? 0} (${s.reason}) was left out`);
        more = read.more;
        if (!read.header) break;
        this.applyAll(read.ops, result, true);
        this.sync.offsets[device] = read.next;
      }
    }
    // Articles whose files came since, or whose delete did.
    this.applyAll(this.takePending(), result, true);
    if (result.applied.some((a) => a.effect !== 'none' && a.effect !== 'rejected')) this.localDirty = true;
    return result;
  }

  /**
   * A conflict copy of a journal that a sync engine left. Its lines are merged. When the journal
   * is ours, two machines have written as one device (a data directory copied whole): this
   * machine takes a new device id and keeps the copy's lines in its new journal, and the old
   * journal is read from its start as another device's. The other machine does the same.
   */
  async mergeJournalCopy(file: string): Promise<PullResult> {
    const result: PullResult = { applied: [], skipped: [] };
    const peek = await readWholeJournal(file, undefined);
    const ours = peek.header?.device === this.device;
    if (ours) await this.fork();
    // Read after the fork: our old writer may have appended to the copy until it was closed.
    const read = ours ? await readWholeJournal(file, undefined) : peek;
    this.applyAll(read.ops, result, true);
    if (ours) {
      this.writer.append(read.ops);
      this.changesSinceCheckpoint += read.ops.length;
      await this.durable();
      await this.checkpoint(true); // the new device id must outlive a crash
    }
    this.localDirty ||= read.ops.length > 0;
    return result;
  }

  /** Continue as a new device; the old device's journal becomes one we only read. */
  private async fork(): Promise<void> {
    const old = this.device;
    const device = randomBytes(6).toString('hex');
    const clock = new HybridClock(device, isHlc(this.sync.hlc) ? this.sync.hlc : null);
    const writer = await JournalWriter.open(journalFile(this.dataDir, device), device, () => clock.tick());
    const previous = this.writer;
    this.sync.device = device;
    this.clock = clock;
    this.writer = writer;
    await previous.close();
    delete this.sync.offsets[old]; // the file there may be the other machine's version: read it all
    this.sync.offsets[device] = { epoch: writer.epoch, at: writer.size };
    this.localDirty = true;
    this.journalNotices.push(`another machine wrote as this one (a copied data directory); this machine now writes journal/${device}.jsonl`);
  }

  private async startJournal(): Promise<void> {
    const data = this.db.data;
    const devices = await journalDevices(this.dataDir);
    const fresh = !data.sync || data.sync.host !== os.hostname();
    if (fresh) data.sync = { device: randomBytes(6).toString('hex'), host: os.hostname(), hlc: null, clocks: data.sync?.host === os.hostname() ? data.sync.clocks : {}, offsets: {}, pending: [] };
    this.clock = new HybridClock(this.sync.device, isHlc(this.sync.hlc) ? this.sync.hlc : null);
    const file = journalFile(this.dataDir, this.device);
    this.writer = await JournalWriter.open(file, this.device, () => this.clock.tick()).catch((error: unknown) => {
      this.journalNotices.push(`changes cannot be saved: the journal could not be opened (${(error as Error).message})`);
      return JournalWriter.unavailable(file, error);
    });
    // Our own lines past the checkpoint (a crash after they were acknowledged), then the others'.
    const recorded = this.sync.offsets[this.device];
    if (!fresh && recorded && recorded.epoch === this.writer.epoch && this.writer.size < recorded.at) {
      // Our journal is shorter than the checkpoint says it was (a sync tool or a backup put an
      // older copy in its place): its lost lines would never reach other machines. The state is
      // here, with every clock: it is written again as lines, at their own times.
      await this.rebuildJournal(file);
    }
    const own = await readWholeJournal(this.writer.file, this.sync.offsets[this.device]);
    const result: PullResult = { applied: [], skipped: [] };
    this.applyAll(own.ops, result, false);
    this.sync.offsets[this.device] = { epoch: this.writer.epoch, at: this.writer.size };
    if (own.ops.length > 0) this.localDirty = true;
    // Worth it only when the journal is much larger than the state it makes (a first journal,
    // which holds the whole library once, is not).
    const stateBytes = await fs.stat(path.join(this.dataDir, 'library.json')).then((s) => s.size, () => 0);
    this.lastCheckpointBytes = stateBytes; // what a checkpoint at close would cost
    if (this.writer.size > Math.max(this.compactBytes, 2 * this.writer.compactedSize, 2 * stateBytes)) await this.compact(file);
    const pulled = await this.pull();
    const skipped = [...own.skipped.map((s) => `journal line ${s.line} (${s.reason})`), ...pulled.skipped];
    if (skipped.length > 0) this.journalNotices.push(`${skipped.length} journal ${skipped.length === 1 ? 'line was' : 'lines were'} left out: ${skipped.slice(0, 3).join('; ')}${skipped.length > 3 ? '; …' : ''}`);
    // An archive from before the journal: its whole state becomes this device's first lines,
    // so that other devices can build it.
    if (fresh && devices.length === 0) this.genesis();
    // The device id must outlive a crash: a new one is written to library.json at once.
    if (fresh) await this.checkpoint(true).catch((error: unknown) => this.journalNotices.push(`library.json could not be written (${(error as Error).message})`));
  }

  /**
   * Rewrite our journal as the net effect of its lines (compact.ts), at open, before any change.
   * Other devices see its new epoch and read it again from the start.
   */
  private async compact(file: string): Promise<void> {
    const all = await readWholeJournal(file, undefined);
    if (!all.header || all.skipped.length > 0) return; // a journal with damage is left as it is, to be looked at
    await this.writer.close();
    try {
      await rewriteJournal(file, this.device, this.clock.tick(), compactOps(all.ops));
    } catch (error) {
      this.journalNotices.push(`the journal could not be compacted (${(error as Error).message}); it is kept as it was`);
    }
    this.writer = await JournalWriter.open(file, this.device, () => this.clock.tick());
    this.sync.offsets[this.device] = { epoch: this.writer.epoch, at: this.writer.size };
    this.localDirty = true;
  }

  private async rebuildJournal(file: string): Promise<void> {
    await this.writer.close();
    await rewriteJournal(file, this.device, this.clock.tick(), stateOps(this.db.data, this.sync.clocks));
    this.writer = await JournalWriter.open(file, this.device, () => this.clock.tick());
    this.sync.offsets[this.device] = { epoch: this.writer.epoch, at: this.writer.size };
    this.localDirty = true;
    this.journalNotices.push(`journal/${this.device}.jsonl was shorter than when it was last written (an older copy?); it was written again from your library, nothing is lost`);
  }

  /** Every record as a `new` (and the settings as a `set`), at one clock time. */
  private genesis(): void {
    const data = this.db.data;
    const h = this.clock.tick();
    const ops: Op[] = [];
    for (const [id, a] of Object.entries(data.articles)) ops.push({ h, k: `a:${id}`, o: 'new', v: syncedFields('a', a as never) });
    for (const [id, f] of Object.entries(data.feeds)) ops.push({ h, k: `f:${id}`, o: 'new', v: syncedFields('f', f as never) });
    for (const r of data.rules) ops.push({ h, k: `r:${r.id}`, o: 'new', v: syncedFields('r', r as never) });
    for (const s of data.savedSearches) ops.push({ h, k: `s:${s.id}`, o: 'new', v: syncedFields('s', s as never) });
    ops.push({ h, k: 'settings', o: 'set', v: { ...currentOf(data, 'settings') } }, { h, k: 'meta', o: 'set', v: { seeded: data.seeded } });
    for (const id of Object.keys(data.tombstones)) if (!data.articles[id]) ops.push({ h, k: `a:${id}`, o: 'del' });
    for (const op of ops) applyOp(data, this.sync.clocks, op, true);
    this.sync.hlc = h;
    this.writer.append(ops);
    this.changesSinceCheckpoint += ops.length;
    this.localDirty = true;
  }

  /** Apply operations read from a journal; a remote article without its files waits. */
  private applyAll(ops: readonly Op[], result: PullResult, remote: boolean): void {
    for (const op of ops) {
      this.clock.observe(op.h);
      if (remote && this.mustWait(op)) {
        this.sync.pending.push(op);
        continue;
      }
      const applied = applyOp(this.db.data, this.sync.clocks, op);
      if (applied.effect === 'rejected') result.skipped.push(`${op.k}: ${applied.reason}`);
      result.applied.push(applied);
    }
  }

  /** The waiting remote articles whose files are here now (taken out of the wait list). */
  private takePending(): Op[] {
    const ready: Op[] = [];
    this.sync.pending = (this.sync.pending as Op[]).filter((op) => {
      if (this.mustWait(op)) return true;
      ready.push(op);
      return false;
    });
    return ready;
  }

  /**
   * A remote article waits for its files, unless a later delete is known: then it can never
   * show, and is applied at once (its clocks still count, the record stays away).
   */
  private mustWait(op: Op): boolean {
    if (op.o !== 'new' || !op.k.startsWith('a:') || this.hasFiles(idOf(op.k))) return false;
    const deletedAt = this.sync.clocks[op.k]?.x;
    return !(deletedAt && deletedAt > op.h);
  }

  private scheduleCheckpoint(): void {
    if (this.changesSinceCheckpoint >= CHECKPOINT_CHANGES) {
      void this.checkpoint(false).catch((error: unknown) => (this.lastError = error));
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.checkpoint(false).catch((error: unknown) => (this.lastError = error));
    }, CHECKPOINT_MS);
    this.timer.unref?.();
  }

  /**
   * Write library.json with the journal position it includes. The position is taken first: a
   * change made while the file is being written is then read again from the journal at the next
   * open, which changes nothing when it was already in the file.
   */
  private async checkpoint(required: boolean): Promise<void> {
    while (this.writing) await this.writing;
    if (!this.localDirty && this.changesSinceCheckpoint === 0) {
      if (required) this.rethrowBackgroundError();
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const position: JournalPosition = { epoch: this.writer.epoch, at: this.writer.size };
    this.sync.offsets[this.device] = position;
    const changes = this.changesSinceCheckpoint;
    const wasLocalDirty = this.localDirty;
    this.changesSinceCheckpoint = 0;
    this.localDirty = false;
    this.writing = this.db.write().then(
      () => {
        this.lastError = null;
        this.lastCheckpointBytes = this.adapter.lastWriteBytes;
      },
      (error: unknown) => {
        this.changesSinceCheckpoint += changes;
        this.localDirty ||= wasLocalDirty;
        throw error;
      },
    );
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

/** Every clock time on a record (or on each record of a list key). */
function timesOf(clocks: SyncState['clocks'], key: string): string[] {
  const keys = key === 'rules' || key === 'savedSearches' ? Object.keys(clocks).filter((k) => k.startsWith(key === 'rules' ? 'r:' : 's:')) : [key];
  const out: string[] = [];
  for (const k of keys) {
    const c = clocks[k];
    if (!c) continue;
    if (c.c) out.push(c.c);
    if (c.x) out.push(c.x);
    out.push(...Object.values(c.f ?? {}));
    out.push(...Object.values(c.hl ?? {}));
    for (const [add, removed] of Object.values(c.t ?? {})) out.push(add.split('#')[0]!, removed.split('#')[0]!);
  }
  return out.filter(isHlc);
}
