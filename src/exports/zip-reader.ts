// Reading a zip we did not necessarily write: from its central directory (the one list of
// entries a zip tool trusts, not the local headers a stream parser would guess from), one entry
// at a time in chunks, inflated as it goes, with a cap on what all entries may inflate to (a
// zip bomb stops at the cap, not at the end of the disk). The one zip reader: restore reads a
// Tidings archive with it, the imports read Pocket's and Omnivore's zips (from a file of any
// size, or from bytes already in memory). Reads are synchronous chunks of at most 1 MiB, so the
// imports' parsers stay synchronous; restore's sink may wait between them.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Inflate } from 'fflate';
import { TidingsError } from '../errors.js';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const CHUNK = 1024 * 1024;
/** Deflated input is read in smaller pieces: deflate inflates at most about 1,032 times, so one piece is at most 16.5 MiB out (a bomb never inflates whole). */
const DEFLATED_CHUNK = 16 * 1024;
/** How much `read` hands on between turns of the event loop. */
const YIELD_EVERY_BYTES = 4 * 1024 * 1024;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const MAX32 = 0xffff_ffff;

/** A 64-bit value as a number (past 2^53 is no file we read). */
function safe(value: bigint, bad: (m: string) => Error): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw bad('a size or offset past 2^53');
  return Number(value);
}

/** The Zip64 extra field holds, in order, the values whose 32-bit fields are all ones. */
function readZip64Extra(entry: ZipEntry, extra: Buffer, bad: (m: string) => Error): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let p = at + 4;
      const next = (): number => {
        if (p + 8 > at + 4 + length || p + 8 > extra.length) throw bad(`${entry.name}: a short Zip64 field`);
        const v = safe(extra.readBigUInt64LE(p), bad);
        p += 8;
        return v;
      };
      if (entry.size === MAX32) entry.size = next();
      if (entry.compressedSize === MAX32) entry.compressedSize = next();
      if (entry.offset === MAX32) entry.offset = next();
      return;
    }
    at += 4 + length;
  }
  throw bad(`${entry.name}: no Zip64 field for its large size or offset`);
}

/** A file open for reading as a zip's bytes (closed with the reader). */
function fileSource(fd: number): ZipSource {
  let size: number;
  try {
    size = fstatSync(fd).size;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return { size, read: (buffer, position) => readSync(fd, buffer, 0, buffer.length, position), close: () => closeSync(fd) };
}

/** Where a zip's bytes are: a file open for reading, or bytes in memory. */
interface ZipSource {
  size: number;
  /** Fills `buffer` from `position`; the count of bytes read (fewer at the end). */
  read(buffer: Buffer, position: number): number;
  close(): void;
}

export interface ZipReadOptions {
  /** An entry that inflates past its declared size is cut to it (imports: what fflate did) instead of refused. */
  cut?: boolean;
}

export class ZipReader {
  private inflated = 0;
  /** Entries already counted against the cap: reading one again (verify, then restore) does not count twice. */
  private readonly counted = new Set<ZipEntry>();

  private constructor(
    private readonly source: ZipSource,
    readonly file: string,
    readonly entries: ZipEntry[],
    /** The most all entries together may inflate to. */
    private maxTotal: number,
  ) {}

  static async open(file: string, limits: { maxTotal: (zipBytes: number) => number }): Promise<ZipReader> {
    return ZipReader.over(fileSource(openSync(file, 'r')), file, limits);
  }

  /**
   * The zip at `file`, opened once (its central directory read), or null when the file does not
   * start as a zip does (its first four bytes) or cannot be opened: the reading that follows says why.
   */
  static async openIfZip(file: string, limits: { maxTotal: (zipBytes: number) => number }): Promise<ZipReader | null> {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return null;
    }
    let zip = false;
    try {
      const head = Buffer.alloc(4);
      zip = readSync(fd, head, 0, 4, 0) === 4 && head.readUInt32LE(0) === LOCAL;
    } catch {
      zip = false;
    }
    if (!zip) {
      closeSync(fd);
      return null;
    }
    return ZipReader.over(fileSource(fd), file, limits);
  }

  /** Another cap on what all entries inflate to, for a reader opened before its zip's kind was known. */
  limitTotal(bytes: number): void {
    this.maxTotal = bytes;
  }

  /** A zip already in memory; `name` names it in messages. */
  static fromBytes(bytes: Uint8Array, name: string, limits: { maxTotal: (zipBytes: number) => number }): ZipReader {
    const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const source: ZipSource = {
      size: data.length,
      read: (buffer, position) => (position >= data.length ? 0 : data.copy(buffer, 0, position, Math.min(data.length, position + buffer.length))),
      close: () => undefined,
    };
    return ZipReader.over(source, name, limits);
  }

  private static over(source: ZipSource, file: string, limits: { maxTotal: (zipBytes: number) => number }): ZipReader {
    try {
      return new ZipReader(source, file, readCentral(source, file), limits.maxTotal(source.size));
    } catch (error) {
      source.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.source.close();
  }

  /** The entry's bytes, chunk by chunk, to `sink`; counted against the cap, checked against its declared size. */
  async read(entry: ZipEntry, sink: (chunk: Uint8Array) => void | Promise<void>): Promise<void> {
    // The file is read synchronously a piece at a time: every few MiB the event loop gets a turn,
    // so a restore of gigabytes does not stop the window or the server from answering meanwhile.
    let sinceTurn = 0;
    for (const chunk of this.chunks(entry, {})) {
      await sink(chunk);
      sinceTurn += chunk.length;
      if (sinceTurn >= YIELD_EVERY_BYTES) {
        sinceTurn = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }

  /** The whole entry in memory (small entries: the manifest, library.json). */
  async readAll(entry: ZipEntry): Promise<Buffer> {
    return this.readAllSync(entry);
  }

  /** The whole entry in memory, at once. */
  readAllSync(entry: ZipEntry, options: ZipReadOptions = {}): Buffer {
    return Buffer.concat([...this.chunks(entry, options)]);
  }

  /** The entry inflated, chunk by chunk (the file read 1 MiB at a time). */
  private *chunks(entry: ZipEntry, options: ZipReadOptions): Generator<Uint8Array> {
    const head = Buffer.alloc(30);
    if (this.source.read(head, entry.offset) !== 30 || head.readUInt32LE(0) !== LOCAL) throw this.bad(`${entry.name}: no local header where the directory says`);
    const start = entry.offset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
    if (entry.method !== 0 && entry.method !== 8) throw this.bad(`${entry.name}: compression method ${entry.method} is not one we read`);
    let out = 0;
    const first = !this.counted.has(entry);
    this.counted.add(entry);
    /** The part of a chunk to give out (all of it, or up to the declared size when cutting); null: the entry is complete. */
    const take = (chunk: Uint8Array): Uint8Array | null => {
      if (options.cut && out + chunk.length > entry.size) chunk = chunk.subarray(0, entry.size - out);
      out += chunk.length;
      if (first) this.inflated += chunk.length;
      if (out > entry.size) throw this.bad(`${entry.name}: inflates to more than the size it declares`);
      if (this.inflated > this.maxTotal) throw this.bad(`its entries inflate to more than ${this.maxTotal} bytes (a zip bomb?)`);
      return chunk;
    };
    const pending: Uint8Array[] = [];
    const inflate = entry.method === 8 ? new Inflate((chunk) => pending.push(chunk)) : null;
    for (let at = 0; at < entry.compressedSize && !(options.cut && out >= entry.size); ) {
      const length = Math.min(inflate ? DEFLATED_CHUNK : CHUNK, entry.compressedSize - at);
      const buffer = Buffer.alloc(length);
      if (this.source.read(buffer, start + at) !== length) throw this.bad(`${entry.name}: the file ends inside the entry (truncated)`);
      at += length;
      if (inflate) inflate.push(buffer, at >= entry.compressedSize);
      else pending.push(buffer);
      while (pending.length > 0) {
        const chunk = take(pending.shift()!)!;
        if (chunk.length > 0) yield chunk;
      }
    }
    if (entry.compressedSize === 0 && inflate) inflate.push(new Uint8Array(0), true);
    if (out !== entry.size && !(options.cut && out < entry.size)) throw this.bad(`${entry.name}: holds ${out} bytes, not the ${entry.size} it declares`);
  }

  private bad(message: string): TidingsError {
    return new TidingsError('import', this.file, `not a readable zip: ${message}`, 'invalid');
  }
}

function readCentral(source: ZipSource, file: string): ZipEntry[] {
  const size = source.size;
  const bad = (message: string) => new TidingsError('import', file, `not a readable zip: ${message}`, 'invalid');
  // The end record is in the last 22 bytes plus a comment of at most 65,535.
  const tailLength = Math.min(size, 22 + 65_535);
  const tail = Buffer.alloc(tailLength);
  source.read(tail, size - tailLength);
  let end = -1;
  for (let i = tailLength - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD) {
    end = i;
    break;
  }
  if (end < 0) throw bad('no end of central directory (truncated, or not a zip)');
  let count = tail.readUInt16LE(end + 10);
  let dirSize = tail.readUInt32LE(end + 12);
  let dirOffset = tail.readUInt32LE(end + 16);
  // A Zip64 end record, found through the locator just before the end record.
  if (end >= 20 && tail.readUInt32LE(end - 20) === ZIP64_LOCATOR) {
    const at = Number(tail.readBigUInt64LE(end - 20 + 8));
    const record = Buffer.alloc(56);
    if (at + 56 > size) throw bad('a damaged Zip64 end record');
    source.read(record, at);
    if (record.readUInt32LE(0) !== ZIP64_END) throw bad('a damaged Zip64 end record');
    count = safe(record.readBigUInt64LE(32), bad);
    dirSize = safe(record.readBigUInt64LE(40), bad);
    dirOffset = safe(record.readBigUInt64LE(48), bad);
  }
  if (dirSize > 1024 ** 3) throw bad('a central directory larger than 1 GiB');
  if (dirOffset + dirSize > size) throw bad('the central directory lies past the end of the file (truncated)');
  const dir = Buffer.alloc(dirSize);
  if (source.read(dir, dirOffset) !== dirSize) throw bad('the central directory lies past the end of the file (truncated)');
  const entries: ZipEntry[] = [];
  for (let at = 0, n = 0; n < count; n++) {
    if (at + 46 > dirSize || dir.readUInt32LE(at) !== CENTRAL) throw bad('a damaged central directory');
    const nameLength = dir.readUInt16LE(at + 28);
    const extraLength = dir.readUInt16LE(at + 30);
    const commentLength = dir.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      method: dir.readUInt16LE(at + 10),
      compressedSize: dir.readUInt32LE(at + 20),
      size: dir.readUInt32LE(at + 24),
      offset: dir.readUInt32LE(at + 42),
      name: dir.toString('utf8', at + 46, at + 46 + nameLength),
    };
    if (entry.size === MAX32 || entry.compressedSize === MAX32 || entry.offset === MAX32) readZip64Extra(entry, dir.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), bad);
    if (entry.offset + 30 + entry.compressedSize > size) throw bad(`${entry.name}: lies past the end of the file (truncated)`);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
