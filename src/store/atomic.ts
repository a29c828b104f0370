// Atomic file replacement: unique temp file, fsync, rename, fsync of the folder.
// After a crash the target holds either the old or the new content, never a mix.

import { randomBytes } from 'node:crypto';
import { promises as fs, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TidingsError } from '../errors.js';

type FileData = string | Uint8Array | readonly string[];

/** Temp names: random once per process (as is the pid), then counted; unique without a random call per file. */
const TEMP_PREFIX = randomBytes(4).toString('hex');
let tempCount = 0;

/**
 * Temp files open at once, in the whole process. A feed of 3,000 items is 6,000 files; opened
 * all at once they ran into the descriptor limit (EMFILE, often 1,024) and the whole batch failed.
 */
export const MAX_OPEN_FILES = 32;

/** First come, first served: at most `size` holders at once. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async use<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line, or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

const openFiles = new Slots(MAX_OPEN_FILES);

/** `data` may be a list of chunks, written in order (a large text never joined in memory). */
export async function writeFileAtomic(target: string, data: FileData): Promise<void> {
  const dir = path.dirname(target);
  await writeGroup(dir, [{ target, data }]);
  await syncDir(dir);
}

type FileWrite = { target: string; data: FileData };

/**
 * Groups of files of one folder (each article's .html and .txt), written at once with one
 * fsync of the folder for them all: a feed's new items cost two fsyncs each plus one. A group
 * that fails fails alone and leaves no temp file; the others are written. Returns each
 * group's error, or null once its files are durable.
 */
export async function writeFileGroupsAtomic(dir: string, groups: readonly (readonly FileWrite[])[]): Promise<(unknown | null)[]> {
  const errors = await Promise.all(groups.map((files) => writeGroup(dir, files).then(() => null, (error: unknown) => error ?? new Error('write failed'))));
  if (errors.some((error) => error === null)) await syncDir(dir);
  return errors;
}

/** Temp files first (each fsynced), then the renames; on a failure no temp file is left. */
async function writeGroup(dir: string, files: readonly FileWrite[]): Promise<void> {
  const written = await Promise.allSettled(files.map(({ target, data }) => writeTemp(dir, target, data)));
  const temps = written.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = written.find((result) => result.status === 'rejected');
  try {
    if (failed) throw failed.reason;
    for (const [i, { target }] of files.entries()) await fs.rename(temps[i]!, target);
  } catch (error) {
    await Promise.all(temps.map((tmp) => fs.rm(tmp, { force: true })));
    throw readable(error, files[0]?.target ?? dir);
  }
}

const NO_SPACE = new Set(['ENOSPC', 'EDQUOT']);

const DISK_WORDS: Record<string, string> = { ENOSPC: 'no space left on the disk', EDQUOT: 'the disk quota is used up', EROFS: 'the disk is read-only' };

/** A full, over-quota or read-only disk in a user's words; undefined for any other error. */
export function diskFullReason(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code ? DISK_WORDS[code] : undefined;
}

/**
 * A full disk (or quota) is one line a user understands, naming the file; the code stays on
 * the error so callers can tell a passing failure from a lasting one.
 */
function readable(error: unknown, target: string): unknown {
  if (error instanceof TidingsError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (!code || !NO_SPACE.has(code)) return error;
  return Object.assign(new TidingsError('store', target, 'no space left on the disk', 'failed', { cause: error }), { code });
}

function writeTemp(dir: string, target: string, data: FileData): Promise<string> {
  return openFiles.use(() => writeTempNow(dir, target, data)).catch((error: unknown) => {
    throw readable(error, target);
  });
}

async function writeTempNow(dir: string, target: string, data: FileData): Promise<string> {
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${TEMP_PREFIX}${(tempCount++).toString(36)}.tmp`);
  const handle = await fs.open(tmp, 'w', 0o644);
  try {
    if (Array.isArray(data)) {
      for (const chunk of data as readonly string[]) await handle.write(chunk);
    } else {
      await handle.writeFile(data as string | Uint8Array);
    }
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  return tmp;
}

/** Files written at once on the main thread before it lets other work run: about 10 ms. */
const DIRECT_CHUNK = 200;

/**
 * Groups of files that can be made again (an import's placeholders), each written in place
 * with no temp file and no fsync of its own: thousands in a second, where the atomic way costs
 * four trips to the file system thread pool and an fsync per file. The caller fsyncs the folder.
 * Returns each group's error, or null.
 */
export async function writeFilesDirectly(groups: readonly (readonly FileWrite[])[]): Promise<(unknown | null)[]> {
  const errors: (unknown | null)[] = [];
  for (const [i, files] of groups.entries()) {
    if (i > 0 && i % DIRECT_CHUNK === 0) await new Promise((resolve) => setImmediate(resolve));
    try {
      for (const { target, data } of files) writeFileSync(target, typeof data === 'string' || data instanceof Uint8Array ? data : data.join(''));
      errors.push(null);
    } catch (error) {
      errors.push(readable(error, files[0]?.target ?? ''));
    }
  }
  return errors;
}

/** fsync a folder so a rename or a new name in it survives a power cut. No-op where unsupported. */
export async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a folder for fsync; its rename is already durable enough there.
  } finally {
    await handle?.close();
  }
}

/** Remove temp files that a killed process left behind. */
export async function removeStaleTemps(dir: string): Promise<void> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names.filter((n) => n.startsWith('.') && n.endsWith('.tmp')).map((n) => fs.rm(path.join(dir, n), { force: true })),
  );
}
