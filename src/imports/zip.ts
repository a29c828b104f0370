// Zip exports (Omnivore, Tidings' own) read with fflate, refusing what a hostile zip carries:
// entry names that climb out (`..`, absolute, backslashes), and sizes that would fill memory.
// The sizes are the central directory's: fflate inflates each entry into a buffer of exactly
// its declared size, so an entry that lies about its size cannot grow past it.

import { unzipSync, type UnzipFileInfo } from 'fflate';
import type { ImportProblem } from '../api.js';
import { TidingsError } from '../errors.js';

/** Everything a zip may unpack to, all entries together. */
export const MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024;

export const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((byte, i) => bytes[i] === byte);
}

export interface ZipEntries {
  /** Entry name to its bytes (a Map: names are untrusted keys). */
  files: Map<string, Uint8Array>;
  problems: ImportProblem[];
}

/** Names of the entries (nothing unpacked); throws when the bytes are not a zip. */
export function zipEntryNames(bytes: Uint8Array, name: string): string[] {
  const names: string[] = [];
  readCentralDirectory(bytes, name, (info) => {
    names.push(info.name);
    return false;
  });
  return names;
}

/**
 * The entries `wanted` says yes to, unpacked; the unsafe ones are problems. `limit` is the total
 * unpacked size allowed (a parameter so tests need not make a gigabyte).
 */
export function readZip(bytes: Uint8Array, name: string, wanted: (entry: string) => boolean, limit = MAX_UNZIPPED_BYTES): ZipEntries {
  const problems: ImportProblem[] = [];
  const chosen = new Set<string>();
  let total = 0;
  readCentralDirectory(bytes, name, (info) => {
    if (info.name.endsWith('/') || !wanted(info.name)) return false;
    const unsafe = unsafeName(info.name) ?? unsafeEntry(info, total, limit);
    if (unsafe) {
      problems.push({ line: null, item: info.name.slice(0, 200), reason: unsafe });
      return false;
    }
    total += info.originalSize;
    chosen.add(info.name);
    return false;
  });
  const unpacked = unzip(bytes, name, (info) => chosen.has(info.name));
  const files = new Map<string, Uint8Array>();
  for (const entry of chosen) if (Object.hasOwn(unpacked, entry)) files.set(entry, unpacked[entry]!);
  return { files, problems };
}

function readCentralDirectory(bytes: Uint8Array, name: string, visit: (info: UnzipFileInfo) => boolean): void {
  unzip(bytes, name, visit);
}

function unzip(bytes: Uint8Array, name: string, filter: (info: UnzipFileInfo) => boolean): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, { filter });
  } catch (error) {
    throw new TidingsError('import', name, `not a readable zip (${error instanceof Error ? error.message : String(error)})`, 'invalid', { cause: error });
  }
}

/** Why an entry's name is refused: it could write or read outside where it belongs. */
function unsafeName(entry: string): string | null {
  if (entry.includes('\\')) return 'entry name with a backslash';
  if (entry.startsWith('/') || /^[a-z]:/i.test(entry)) return 'entry name with an absolute path';
  if (entry.split('/').includes('..')) return 'entry name with ".."';
  if (entry === '__proto__' || entry.includes('\0')) return 'entry name not allowed';
  return null;
}

function unsafeEntry(info: UnzipFileInfo, total: number, limit: number): string | null {
  if (info.compression !== 0 && info.compression !== 8) return `compressed in a way Tidings does not read (method ${info.compression})`;
  if (total + info.originalSize > limit) return `unpacks to more than ${Math.round(limit / 1024 / 1024)} MB in all`;
  return null;
}
