// journal/<device>.jsonl: this device's changes, one JSON line each, appended and made durable
// (fdatasync) before the change is acknowledged. Lines that arrive together are written together,
// one fdatasync for the group. The first line names the journal:
//   {"journal":1,"device":"0123456789ab","epoch":"<clock time of its creation or last compaction>"}
// A reader that finds another epoch than it knew reads the journal again from the start (applying
// a line twice changes nothing). A torn last line (a crash mid-append) is never read, and our own
// is cut off before we append again.

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TidingsError } from '../errors.js';
import { diskFullReason, writeFileAtomic } from './atomic.js';
import { isDeviceId } from './hlc.js';
import type { Op } from './ops.js';
import { checkOp } from './merge.js';

export const JOURNAL_DIR = 'journal';
const MAX_LINE_BYTES = 4 * 1024 * 1024;
/** What one read of a journal takes at most: a journal of gigabytes is read a part at a time, never whole. */
const MAX_READ_BYTES = 64 * 1024 * 1024;

export interface JournalHeader {
  journal: 1;
  device: string;
  epoch: string;
  /** Bytes of the journal right after its last compaction (absent: never compacted). */
  compacted?: number;
  /** The machine's name, for people (Settings lists machines by it); absent in older journals. */
  host?: string;
}

export interface JournalPosition {
  epoch: string;
  at: number;
}

export function journalFile(dataDir: string, device: string): string {
  return path.join(dataDir, JOURNAL_DIR, `${device}.jsonl`);
}

/** Device ids of the journals in `dir` (names like `<device>.jsonl`; anything else is not ours). */
export async function journalDevices(dataDir: string): Promise<string[]> {
  const names = await fs.readdir(path.join(dataDir, JOURNAL_DIR)).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.jsonl') && isDeviceId(n.slice(0, -6))).map((n) => n.slice(0, -6)).sort();
}

type Batch = { lines: string[]; promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void };

export class JournalWriter {
  private next: Batch | null = null;
  private running: Promise<void> | null = null;
  /** The group being written now. */
  private current: Batch | null = null;
  private closed = false;

  private constructor(
    readonly file: string,
    private handle: fs.FileHandle | null,
    readonly epoch: string,
    /** Bytes on disk that are durable and whole lines. */
    private durableSize: number,
  ) {}

  /** Open (or start) this device's journal; a torn last line is cut off first. */
  static async open(file: string, device: string, newEpoch: () => string): Promise<JournalWriter> {
    // An existing journal opens without it (a read-only or full disk); a new one fails below, said plainly.
    await fs.mkdir(path.dirname(file), { recursive: true }).catch(() => undefined);
    let text: Buffer | null = await fs.readFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    const header = text ? parseHeader(text) : null;
    if (text && (!header || header.device !== device)) {
      // Not a journal we can append to: keep it aside, start a new one (its lines stay readable there).
      await fs.rename(file, `${file}.damaged-${Date.now()}`);
      text = null;
    }
    if (!text || !header) {
      const first: JournalHeader = { journal: 1, device, epoch: newEpoch(), host: os.hostname().slice(0, 100) };
      const line = `${JSON.stringify(first)}\n`;
      await writeFileAtomic(file, line);
      return new JournalWriter(file, await fs.open(file, 'a'), first.epoch, Buffer.byteLength(line));
    }
    const whole = text.lastIndexOf(0x0a) + 1;
    if (whole < text.length) await fs.truncate(file, whole);
    const writer = new JournalWriter(file, await fs.open(file, 'a'), header.epoch, whole);
    writer.compacted = header.compacted ?? 0;
    return writer;
  }

  /** The journal's size right after its last compaction (0: never compacted). */
  get compactedSize(): number {
    return this.compacted;
  }

  private compacted = 0;

  /** Bytes of whole, durable lines: what a checkpoint may say it includes. */
  get size(): number {
    return this.durableSize;
  }

  append(ops: readonly Op[]): void {
    if (ops.length === 0) return;
    if (this.closed) throw new TidingsError('store', this.file, 'the journal is closed', 'failed');
    const batch = (this.next ??= newBatch());
    for (const op of ops) batch.lines.push(`${JSON.stringify(op)}\n`);
    this.kick();
  }

  /** Resolves when every line appended so far is on disk (rejects with the write's error). */
  durable(): Promise<void> {
    const last = this.next ?? this.current;
    this.kick();
    return last?.promise ?? Promise.resolve();
  }

  async close(): Promise<void> {
    await this.durable().catch(() => undefined);
    this.closed = true;
    await this.handle?.close();
  }

  /**
   * A journal that could not be opened (a read-only disk, no space for a new one): the archive
   * opens and reads, and every change is refused durability with the reason.
   */
  static unavailable(file: string, error: unknown): JournalWriter {
    const writer = new JournalWriter(file, null, '', 0);
    writer.openError = journalFailure(file, error);
    return writer;
  }

  private openError: unknown = null;

  /** Start writing the waiting lines, unless a write is under way (they go next, as one group). */
  private kick(): void {
    if (this.running || !this.next) return;
    const batch = this.next;
    this.next = null;
    this.current = batch;
    this.running = this.write(batch).then((ok) => {
      this.running = null;
      this.current = null;
      // After a failure the lines wait for the next change (or close) to try again: no busy loop on a full disk.
      if (ok) this.kick();
    });
  }

  private async write(batch: Batch): Promise<boolean> {
    const data = batch.lines.join('');
    try {
      if (!this.handle) throw this.openError;
      await this.handle.write(data);
      await this.handle.datasync();
      this.durableSize += Buffer.byteLength(data);
      batch.resolve();
      return true;
    } catch (error) {
      // Take back what may have been half written, so the next group starts on a line of its own,
      // and keep the lines: the next write carries them (they are already in memory).
      if (this.handle) await fs.truncate(this.file, this.durableSize).catch(() => undefined);
      const retry = (this.next ??= newBatch());
      retry.lines.unshift(...batch.lines);
      batch.reject(error === this.openError ? error : journalFailure(this.file, error));
      void retry.promise.catch(() => undefined);
      return false;
    }
  }
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  void promise.catch(() => undefined); // a caller that never asks for durability must not see an unhandled rejection
  return { lines: [], promise, resolve, reject };
}

/**
 * Replace a journal with `ops` under a new epoch, atomically (temp file, fsync, rename). Only
 * its own device does this, with its writer closed.
 */
export async function rewriteJournal(file: string, device: string, epoch: string, ops: readonly Op[]): Promise<void> {
  const body = ops.map((op) => `${JSON.stringify(op)}\n`).join('');
  const host = os.hostname().slice(0, 100);
  const headerOf = (compacted: number): string => `${JSON.stringify({ journal: 1, device, epoch, compacted, host } satisfies JournalHeader)}\n`;
  // The header holds the size it is part of: compute it, then write it with that size.
  let size = Buffer.byteLength(headerOf(0)) + Buffer.byteLength(body);
  size = Buffer.byteLength(headerOf(size)) + Buffer.byteLength(body);
  await writeFileAtomic(file, [headerOf(size), body]);
}

export interface ReadResult {
  header: JournalHeader | null;
  ops: Op[];
  /** Where to read next time. */
  next: JournalPosition;
  /** More is there already: read again from `next`. */
  more: boolean;
  /** Lines that were not operations we can apply (damaged, or from a newer Tidings), with why. */
  skipped: { line: number; reason: string }[];
}

/**
 * The operations of a journal after `from` (from its start when its epoch is not `from`'s), at
 * most `maxBytes` of it; `more` says to read on.
 */
export async function readJournal(file: string, from: JournalPosition | undefined, maxBytes = MAX_READ_BYTES): Promise<ReadResult> {
  const empty = { header: null, ops: [], next: from ?? { epoch: '', at: 0 }, skipped: [], more: false };
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return empty;
  }
  try {
    const head = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const header = parseHeader(head.subarray(0, bytesRead));
    if (!header) return empty;
    const headerEnd = head.indexOf(0x0a) + 1;
    const size = (await handle.stat()).size;
    // Only what is new is read; another epoch (the journal was compacted) is read from its start.
    const start = from && from.epoch === header.epoch && from.at >= headerEnd && from.at <= size ? from.at : headerEnd;
    const rest = Buffer.alloc(Math.min(size - start, maxBytes));
    const got = (await handle.read(rest, 0, rest.length, start)).bytesRead;
    const text = rest.subarray(0, got);
    const more = start + got < size;
    if (more && text.indexOf(0x0a) < 0) {
      // One line longer than a whole read: left out; the next read starts inside it, and what is
      // left of it is not an operation either.
      return { header, ops: [], next: { epoch: header.epoch, at: start + got }, skipped: [{ line: 1, reason: 'a line too long' }], more };
    }
    const end = text.lastIndexOf(0x0a) + 1; // a torn last line waits: its writer may still be at it
    const ops: Op[] = [];
    const skipped: ReadResult['skipped'] = [];
    let line = 0;
    for (let at = 0; at < end; ) {
      const stop = text.indexOf(0x0a, at);
      line++;
      const reason = stop - at > MAX_LINE_BYTES ? 'a line too long' : takeOp(text.toString('utf8', at, stop), header.device, ops);
      if (reason) skipped.push({ line, reason });
      at = stop + 1;
    }
    return { header, ops, next: { epoch: header.epoch, at: start + end }, skipped, more };
  } finally {
    await handle.close();
  }
}

function takeOp(line: string, device: string, into: Op[]): string | null {
  if (line.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  const reason = checkOp(value);
  if (reason) return reason;
  // Lines of another device are allowed: a device that took over a journal's lines after two
  // machines wrote as one keeps them, with their times, in its own journal.
  into.push(value as Op);
  return null;
}

function parseHeader(text: Buffer): JournalHeader | null {
  const end = text.indexOf(0x0a);
  if (end <= 0 || end > 1000) return null;
  try {
    const value = JSON.parse(text.toString('utf8', 0, end)) as Partial<JournalHeader>;
    if (value.journal !== 1 || !isDeviceId(value.device) || typeof value.epoch !== 'string' || value.epoch.length > 64) return null;
    if (value.compacted !== undefined && !(Number.isSafeInteger(value.compacted) && value.compacted >= 0)) delete value.compacted;
    if (value.host !== undefined && !(typeof value.host === 'string' && value.host.length <= 100)) delete value.host;
    return value as JournalHeader;
  } catch {
    return null;
  }
}

function journalFailure(file: string, error: unknown): unknown {
  const why = diskFullReason(error);
  if (!why) return error;
  return new TidingsError('store', file, `${why}; the last change is not saved yet (it is kept and written when there is space). Free some space.`, 'failed', { cause: error });
}

/** All of a journal after `from`, read a part at a time (our own, or a conflict copy). */
export async function readWholeJournal(file: string, from: JournalPosition | undefined, maxBytes = MAX_READ_BYTES): Promise<ReadResult> {
  const whole = await readJournal(file, from, maxBytes);
  for (let part = whole; part.more; ) {
    part = await readJournal(file, part.next, maxBytes);
    whole.ops.push(...part.ops);
    whole.skipped.push(...part.skipped);
    whole.next = part.next;
    whole.more = part.more;
  }
  return whole;
}

