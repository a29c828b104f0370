// Zip exports (Pocket's 2025 export, Omnivore's) read with the one zip reader (exports/zip-reader.ts:
// from the central directory, entry by entry, from a file of any size or bytes in memory), taking
// only the entries a parser asks for and refusing what a hostile zip carries: entry names that
// climb out (`..`, absolute, backslashes), compression we do not read, and sizes that would fill
// memory. The sizes are the central directory's, checked before an entry is read; an entry that
// inflates past its declared size is cut to it (and the reader caps what all entries inflate to).

import type { ImportProblem } from '../api.js';
import { ZipReader } from '../exports/index.js';

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

/** A zip in memory opened for reading; throws TidingsError ('not a readable zip: …') when it is none. */
export function zipFromBytes(bytes: Uint8Array, name: string, limit = MAX_UNZIPPED_BYTES): ZipReader {
  return ZipReader.fromBytes(bytes, name, { maxTotal: () => limit });
}

/**
 * The entries `wanted` says yes to, unpacked; the unsafe ones are problems. `limit` is the total
 * unpacked size allowed (a parameter so tests need not make a gigabyte).
 */
export function readZip(zip: ZipReader, wanted: (entry: string) => boolean, limit = MAX_UNZIPPED_BYTES): ZipEntries {
  const problems: ImportProblem[] = [];
  const files = new Map<string, Uint8Array>();
  let total = 0;
  for (const entry of zip.entries) {
    if (entry.name.endsWith('/') || !wanted(entry.name)) continue;
    const unsafe = unsafeName(entry.name) ?? unsafeEntry(entry.method, entry.size, total, limit);
    if (unsafe) {
      problems.push({ line: null, item: entry.name.slice(0, 200), reason: unsafe });
      continue;
    }
    total += entry.size;
    files.set(entry.name, zip.readAllSync(entry, { cut: true }));
  }
  return { files, problems };
}

/** Why an entry's name is refused: it could write or read outside where it belongs. */
function unsafeName(entry: string): string | null {
  if (entry.includes('\\')) return 'entry name with a backslash';
  if (entry.startsWith('/') || /^[a-z]:/i.test(entry)) return 'entry name with an absolute path';
  if (entry.split('/').includes('..')) return 'entry name with ".."';
  if (entry === '__proto__' || entry.includes('\0')) return 'entry name not allowed';
  return null;
}

function unsafeEntry(method: number, size: number, total: number, limit: number): string | null {
  if (method !== 0 && method !== 8) return `compressed in a way Tidings does not read (method ${method})`;
  if (total + size > limit) return `unpacks to more than ${Math.round(limit / 1024 / 1024)} MB in all`;
  return null;
}
