// A zip written as a stream to a temp file beside its target, fsynced, then renamed into place:
// memory holds one chunk at a time (an archive of 5 GB never sits in memory), and a failed
// export (a full disk) leaves no half file at the target. Text is deflated (fflate's Deflate);
// images and other media, already compressed, are stored as they are.
//
// Why not fflate's Zip: it writes no Zip64 records, so an archive past 4 GiB or past 65,535
// entries (a library of 33,000 articles: two files each) would read back wrong. This writer
// knows each entry's size before writing it (from memory, or the file's size), writes its local
// header with the CRC and sizes patched in afterwards (the file is seekable: no data
// descriptors, which some readers, EPUB's among them, dislike), and adds Zip64 fields and end
// records exactly where a 32-bit field would overflow.

import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Deflate, deflateSync } from 'fflate';
import { TidingsError } from '../errors.js';

/** An entry as the manifest lists it: its uncompressed size and sha256. */
export interface EntryWritten {
  path: string;
  bytes: number;
  sha256: string;
}

interface Central {
  name: Buffer;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

const MAX32 = 0xffff_ffff;
const UTF8_NAMES = 0x0800;
/** Sizes above this get Zip64 fields in the local header (deflate may grow a little past its input). */
const LOCAL_ZIP64_ABOVE = 0xffff_0000;
const CHUNK = 1024 * 1024;

export interface ZipWriterOptions {
  /** Write Zip64 fields and end records for every entry (tests reach the Zip64 paths without writing 4 GiB). */
  forceZip64?: boolean;
}

export class ZipFileWriter {
  private readonly central: Central[] = [];
  /** Bytes of the zip so far, buffered ones included. */
  private at = 0;
  private buffer: Uint8Array[] = [];
  private buffered = 0;

  private constructor(
    private readonly handle: fs.FileHandle,
    readonly temp: string,
    readonly target: string,
    private readonly force: boolean,
  ) {}

  /** Open a temp file in the target's folder (the rename stays on one file system). */
  static async create(target: string, options: ZipWriterOptions = {}): Promise<ZipFileWriter> {
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = await fs.open(temp, 'wx');
    return new ZipFileWriter(handle, temp, target, options.forceZip64 === true);
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.at;
  }

  /** One entry from memory: `compress` false for what is already compressed (images). */
  async add(name: string, data: Uint8Array | string, compress: boolean): Promise<EntryWritten> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (bytes.length <= CHUNK && !this.force) return this.small(name, bytes, compress);
    return this.entry(name, bytes.length, compress, (async function* () {
      for (let i = 0; i < bytes.length; i += CHUNK) yield bytes.subarray(i, i + CHUNK);
    })());
  }

  /** One entry read from a file in chunks, each written out before the next is read. */
  async addFile(name: string, file: string, compress: boolean): Promise<EntryWritten> {
    const { size } = await fs.stat(file);
    return this.entry(name, size, compress, createReadStream(file, { highWaterMark: CHUNK }));
  }

  /**
   * A small entry whole: compressed in memory, its header written with the CRC and sizes at
   * once, into the write buffer (an archive is mostly small entries: one write call each cost
   * 40 s for 70,000 of them).
   */
  private async small(name: string, bytes: Uint8Array, compress: boolean): Promise<EntryWritten> {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = compress ? deflateSync(bytes, { level: 6 }) : bytes;
    const crc = crc32(bytes);
    const offset = this.at;
    const header = localHeader(nameBytes, compress ? 8 : 0, false);
    header.writeUInt32LE(crc >>> 0, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(bytes.length, 22);
    await this.write(header);
    await this.write(data);
    this.central.push({ name: nameBytes, method: compress ? 8 : 0, crc, compressed: data.length, size: bytes.length, offset });
    return { path: name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  private async entry(name: string, size: number, compress: boolean, chunks: AsyncIterable<Uint8Array>): Promise<EntryWritten> {
    const nameBytes = Buffer.from(name, 'utf8');
    const zip64 = this.force || size > LOCAL_ZIP64_ABOVE;
    const offset = this.at;
    const method = compress ? 8 : 0;
    await this.write(localHeader(nameBytes, method, zip64));
    const hash = createHash('sha256');
    let crc = 0;
    let read = 0;
    let compressed = 0;
    const out: Uint8Array[] = [];
    const deflate = compress ? new Deflate({ level: 6 }, (chunk) => void out.push(chunk)) : null;
    const flush = async () => {
      for (const chunk of out.splice(0)) {
        await this.write(chunk);
        compressed += chunk.length;
      }
    };
    for await (const chunk of chunks) {
      hash.update(chunk);
      crc = crc32(chunk, crc);
      read += chunk.length;
      if (deflate) deflate.push(chunk, false);
      else out.push(chunk);
      await flush();
    }
    if (deflate) deflate.push(new Uint8Array(0), true);
    await flush();
    if (read !== size) throw new TidingsError('export', name, `changed while being written (${size} bytes, then ${read})`, 'failed');
    if (!zip64 && compressed > MAX32) throw new TidingsError('export', name, 'deflated past 4 GiB', 'failed');
    await this.flush();
    await this.patch(offset, nameBytes.length, crc, compressed, size, zip64);
    this.central.push({ name: nameBytes, method, crc, compressed, size, offset });
    return { path: name, bytes: size, sha256: hash.digest('hex') };
  }

  /** The CRC and sizes, known now, written into the entry's local header. */
  private async patch(offset: number, nameLength: number, crc: number, compressed: number, size: number, zip64: boolean): Promise<void> {
    const fields = Buffer.alloc(12);
    fields.writeUInt32LE(crc >>> 0, 0);
    fields.writeUInt32LE(zip64 ? MAX32 : compressed, 4);
    fields.writeUInt32LE(zip64 ? MAX32 : size, 8);
    await this.handle.write(fields, 0, 12, offset + 14);
    if (!zip64) return;
    const extra = Buffer.alloc(16);
    extra.writeBigUInt64LE(BigInt(size), 0);
    extra.writeBigUInt64LE(BigInt(compressed), 8);
    await this.handle.write(extra, 0, 16, offset + 30 + nameLength + 4);
  }

  /** End the zip, make it durable, and put it in place of the target. */
  async finish(): Promise<number> {
    const start = this.at;
    for (const entry of this.central) await this.write(centralHeader(entry, this.force));
    const size = this.at - start;
    const count = this.central.length;
    if (this.force || count >= 0xffff || start >= MAX32 || size >= MAX32) {
      const end64 = this.at;
      await this.write(zip64End(count, size, start));
      await this.write(zip64Locator(end64));
    }
    await this.write(end(count, size, start));
    await this.flush();
    await this.handle.sync();
    await this.handle.close();
    await fs.rename(this.temp, this.target);
    await syncFolder(path.dirname(this.target));
    return this.at;
  }

  /** Give up: the temp file is removed, the target never touched. */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await fs.rm(this.temp, { force: true });
  }

  /** Bytes written at `at`, through a buffer of about a megabyte. */
  private async write(chunk: Uint8Array): Promise<void> {
    this.buffer.push(chunk);
    this.buffered += chunk.length;
    this.at += chunk.length;
    if (this.buffered >= CHUNK) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const data = this.buffer.length === 1 ? this.buffer[0]! : Buffer.concat(this.buffer);
    const position = this.at - this.buffered;
    this.buffer = [];
    this.buffered = 0;
    await this.handle.write(data, 0, data.length, position);
  }
}

/** MS-DOS time and date of now (what unzip tools show). */
function dosTime(): [number, number] {
  const d = new Date();
  const time = (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1);
  const date = ((Math.max(1980, d.getFullYear()) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();
  return [time, date];
}

function localHeader(name: Buffer, method: number, zip64: boolean): Buffer {
  const extra = zip64 ? 20 : 0;
  const b = Buffer.alloc(30 + name.length + extra);
  const [time, date] = dosTime();
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(zip64 ? 45 : 20, 4);
  b.writeUInt16LE(UTF8_NAMES, 6);
  b.writeUInt16LE(method, 8);
  b.writeUInt16LE(time, 10);
  b.writeUInt16LE(date, 12);
  // CRC and sizes (14..26) are patched in once known.
  b.writeUInt16LE(name.length, 26);
  b.writeUInt16LE(extra, 28);
  name.copy(b, 30);
  if (zip64) {
    b.writeUInt16LE(0x0001, 30 + name.length);
    b.writeUInt16LE(16, 32 + name.length);
  }
  return b;
}

function centralHeader(e: Central, force: boolean): Buffer {
  // Zip64 fields, in their fixed order, for each value a 32-bit field cannot hold.
  const big = [force || e.size >= MAX32 ? e.size : null, force || e.compressed >= MAX32 ? e.compressed : null, force || e.offset >= MAX32 ? e.offset : null];
  const values = big.filter((v): v is number => v !== null);
  const extra = values.length > 0 ? 4 + 8 * values.length : 0;
  const b = Buffer.alloc(46 + e.name.length + extra);
  const [time, date] = dosTime();
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE((3 << 8) | 45, 4); // made on Unix, spec 4.5
  b.writeUInt16LE(extra > 0 ? 45 : 20, 6);
  b.writeUInt16LE(UTF8_NAMES, 8);
  b.writeUInt16LE(e.method, 10);
  b.writeUInt16LE(time, 12);
  b.writeUInt16LE(date, 14);
  b.writeUInt32LE(e.crc >>> 0, 16);
  b.writeUInt32LE(big[1] !== null ? MAX32 : e.compressed, 20);
  b.writeUInt32LE(big[0] !== null ? MAX32 : e.size, 24);
  b.writeUInt16LE(e.name.length, 28);
  b.writeUInt16LE(extra, 30);
  b.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  b.writeUInt32LE(big[2] !== null ? MAX32 : e.offset, 42);
  e.name.copy(b, 46);
  if (extra > 0) {
    let at = 46 + e.name.length;
    b.writeUInt16LE(0x0001, at);
    b.writeUInt16LE(8 * values.length, at + 2);
    at += 4;
    for (const v of values) {
      b.writeBigUInt64LE(BigInt(v), at);
      at += 8;
    }
  }
  return b;
}

function zip64End(count: number, size: number, offset: number): Buffer {
  const b = Buffer.alloc(56);
  b.writeUInt32LE(0x06064b50, 0);
  b.writeBigUInt64LE(44n, 4);
  b.writeUInt16LE((3 << 8) | 45, 12);
  b.writeUInt16LE(45, 14);
  b.writeBigUInt64LE(BigInt(count), 24);
  b.writeBigUInt64LE(BigInt(count), 32);
  b.writeBigUInt64LE(BigInt(size), 40);
  b.writeBigUInt64LE(BigInt(offset), 48);
  return b;
}

function zip64Locator(end64: number): Buffer {
  const b = Buffer.alloc(20);
  b.writeUInt32LE(0x07064b50, 0);
  b.writeBigUInt64LE(BigInt(end64), 8);
  b.writeUInt32LE(1, 16);
  return b;
}

function end(count: number, size: number, offset: number): Buffer {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(0x06054b50, 0);
  b.writeUInt16LE(Math.min(count, 0xffff), 8);
  b.writeUInt16LE(Math.min(count, 0xffff), 10);
  b.writeUInt32LE(Math.min(size, MAX32), 12);
  b.writeUInt32LE(Math.min(offset, MAX32), 16);
  return b;
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
