// A zip written as a stream to a temp file beside its target, fsynced, then renamed into place:
// memory holds one entry's chunk at a time (an archive of 5 GB never sits in memory), and a
// failed export (a full disk) leaves no half file at the target. Text is deflated; images and
// other media, already compressed, are stored as they are.

import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { TidingsError } from '../errors.js';

/**
 * fflate writes no Zip64 records: offsets and sizes past 4 GiB would be cut to 32 bits and the
 * zip would read back wrong. Refused with a clear error rather than written broken.
 */
const ZIP32_LIMIT = 0xffff_ffff;

/** An entry as the manifest lists it: its uncompressed size and sha256. */
export interface EntryWritten {
  path: string;
  bytes: number;
  sha256: string;
}

export class ZipFileWriter {
  private readonly zip: Zip;
  private readonly queue: Uint8Array[] = [];
  private failure: unknown = null;
  private written = 0;
  private ended = false;

  private constructor(
    private readonly handle: fs.FileHandle,
    readonly temp: string,
    readonly target: string,
  ) {
    this.zip = new Zip((error, chunk, final) => {
      if (error) this.failure ??= error;
      else this.queue.push(chunk);
      if (final) this.ended = true;
    });
  }

  /** Open a temp file in the target's folder (the rename stays on one file system). */
  static async create(target: string): Promise<ZipFileWriter> {
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = await fs.open(temp, 'wx');
    return new ZipFileWriter(handle, temp, target);
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.written;
  }

  /** One entry from memory: `compress` false for what is already compressed (images). */
  async add(name: string, data: Uint8Array | string, compress: boolean): Promise<EntryWritten> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const entry = compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    this.zip.add(entry);
    entry.push(bytes, true);
    await this.drain();
    return { path: name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  /** One entry read from a file in chunks, each written out before the next is read. */
  async addFile(name: string, file: string, compress: boolean): Promise<EntryWritten> {
    const entry = compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    this.zip.add(entry);
    const hash = createHash('sha256');
    let bytes = 0;
    let previous: Uint8Array | null = null;
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
      if (previous) {
        entry.push(previous, false);
        await this.drain();
      }
      previous = chunk as Buffer;
      hash.update(previous);
      bytes += previous.length;
    }
    entry.push(previous ?? new Uint8Array(0), true);
    await this.drain();
    return { path: name, bytes, sha256: hash.digest('hex') };
  }

  /** End the zip, make it durable, and put it in place of the target. */
  async finish(): Promise<number> {
    this.zip.end();
    await this.drain();
    if (!this.ended) throw new TidingsError('export', this.target, 'the zip did not end', 'failed');
    await this.handle.sync();
    await this.handle.close();
    await fs.rename(this.temp, this.target);
    await syncFolder(path.dirname(this.target));
    return this.written;
  }

  /** Give up: the temp file is removed, the target never touched. */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await fs.rm(this.temp, { force: true });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const chunk = this.queue.shift()!;
      if (this.written + chunk.length > ZIP32_LIMIT) throw new TidingsError('export', this.target, 'the archive would be larger than 4 GiB, which this zip writer cannot address: export with --query in parts', 'failed');
      await this.handle.write(chunk);
      this.written += chunk.length;
    }
    if (this.failure !== null) throw this.failure;
  }
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
