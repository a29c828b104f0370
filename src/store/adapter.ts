// The lowdb adapter for library.json: compact JSON, atomic writes, rotating backups, and
// recovery from a damaged file. (lowdb's JSONFilePreset is not used: under NODE_ENV=test it
// silently keeps data in memory.)
//
// What recovery keeps (docs/decisions.md):
// - A file that is not a library at all (not JSON, not an object) is kept aside as
//   library.corrupt-<time>.json and the newest backup that validates cleanly is restored.
// - A library with damaged records opens without them; they are kept, with their keys and the
//   reasons, in library.corrupt-<time>.json.
// - Only a file that validated with no damage is ever copied to backups/, so a damaged file
//   never rotates a good backup out.
// - Opening needs no free space: a backup that cannot be made is a notice, not a failure.

import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import type { LibraryData } from '../model/index.js';
import { TidingsError } from '../errors.js';
import { diskFullReason, writeFileAtomic } from './atomic.js';
import { migrate } from './migrations.js';
import { serializeLibrary } from './serialize.js';
import { type Damage, isPlainObject, validateLibrary } from './validate.js';

const BACKUPS_KEPT = 5;
const BACKUP_EVERY_MS = 10 * 60 * 1000;
const BOM = '\uFEFF';

export class LibraryFileAdapter implements Adapter<LibraryData> {
  readonly file: string;
  readonly backupsDir: string;
  /** What happened at read, in plain words, for the user. */
  readonly notices: string[] = [];
  private lastBackupAt = 0;
  /** The size of the last library.json written, in UTF-16 units (near enough to bytes to judge a write's cost). */
  lastWriteBytes = 0;
  /** library.json on disk validated with no damage, or was written by us: it may be backed up. */
  private diskClean = false;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'library.json');
    this.backupsDir = path.join(dataDir, 'backups');
  }

  async read(): Promise<LibraryData | null> {
    const text = await readIfExists(this.file);
    if (text === null) return null;
    const parsed = parseLibrary(text);
    if (!parsed.ok) return this.recover(parsed.error);
    if (parsed.damage.length > 0) {
      await this.setAside(parsed.damage);
      await this.replaceDamaged(parsed.data);
      return parsed.data;
    }
    this.diskClean = true;
    await this.backupAtOpen();
    return parsed.data;
  }

  async write(data: LibraryData): Promise<void> {
    if (this.diskClean && Date.now() - this.lastBackupAt > BACKUP_EVERY_MS) {
      // A backup that cannot be made must not stop the write: the write says for itself.
      await this.backup().catch(() => undefined);
    }
    try {
      const chunks = await serializeLibrary(data);
      await writeFileAtomic(this.file, chunks);
      this.lastWriteBytes = chunks.reduce((n, c) => n + c.length, 0);
    } catch (error) {
      throw writeFailure(error);
    }
    this.diskClean = true;
  }

  /**
   * Keep a copy of the current file as a backup. A real copy, not a hard link: a tool or a
   * disk fault that damages library.json in place must not damage its backups with it.
   */
  async backup(): Promise<void> {
    this.lastBackupAt = Date.now();
    await fs.mkdir(this.backupsDir, { recursive: true });
    const target = path.join(this.backupsDir, `library-${stamp()}.json`);
    try {
      await fs.copyFile(this.file, target, constants.COPYFILE_EXCL);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EEXIST') return;
      // A partial copy (the disk filled up mid-way) must never pass for a backup.
      await fs.rm(target, { force: true }).catch(() => undefined);
      throw error;
    }
    await this.prune();
  }

  /** Opening works on a full or read-only disk: a backup that fails is told, not fatal. */
  private async backupAtOpen(): Promise<void> {
    try {
      await this.backup();
    } catch (error) {
      this.notices.push(`no backup of library.json was made at open (${reasonOf(error)}); your library is unchanged.`);
    }
  }

  private async prune(): Promise<void> {
    const names = (await this.backupNames()).slice(BACKUPS_KEPT);
    await Promise.all(names.map((n) => fs.rm(path.join(this.backupsDir, n), { force: true })));
  }

  /** Backup file names, newest first. */
  private async backupNames(): Promise<string[]> {
    const names = await fs.readdir(this.backupsDir).catch(() => [] as string[]);
    return names.filter((n) => /^library-[\dTZ-]+\.json$/.test(n)).sort().reverse();
  }

  /**
   * Keep damaged records aside, with their keys and reasons (the caller then saves the library
   * without them, so that the next open is clean). With no space for the aside file, the whole
   * original file is kept aside by a hard link instead, which needs no space.
   */
  private async setAside(damage: Damage[]): Promise<void> {
    const aside = this.asideName();
    const what = describeDamage(damage);
    try {
      const record = { setAsideAt: new Date().toISOString(), from: 'library.json', records: damage };
      await writeFileAtomic(aside, JSON.stringify(record, null, 1));
    } catch (error) {
      await this.keepOriginalAside(aside, error);
      this.notices.push(`${what} in library.json could not be opened; the whole file is kept as ${path.basename(aside)} (${reasonOf(error)}). The rest of your library opened.`);
      return;
    }
    this.notices.push(`${what} set aside in ${path.basename(aside)}; the rest of your library opened.`);
  }

  /** Keep the file as it is under `aside` (a hard link where possible, else a copy). */
  private async keepOriginalAside(aside: string, cause: unknown): Promise<void> {
    try {
      await fs.link(this.file, aside);
    } catch {
      try {
        await fs.copyFile(this.file, aside, constants.COPYFILE_EXCL);
      } catch {
        throw new TidingsError('store', 'library.json', `has damaged records that could not be kept aside (${reasonOf(cause)}); free some space and open again`, 'failed', { cause });
      }
    }
  }

  private async recover(reason: string): Promise<LibraryData | null> {
    const aside = this.asideName();
    await this.keepOriginalAside(aside, new Error(reason));
    const restored = await this.newestUsableBackup();
    let data: LibraryData | null = null;
    let told: string;
    if (restored) {
      data = restored.data;
      told = `library.json was damaged (${reason}). It was moved aside as ${path.basename(aside)} and the backup ${restored.name} was restored; changes made after that backup are lost.`;
      if (restored.damage.length > 0) told += ` ${describeDamage(restored.damage)} left out of it.`;
    } else {
      told = `library.json was damaged (${reason}) and no good backup was found. It was moved aside as ${path.basename(aside)}; Tidings starts with an empty library and your article files are untouched.`;
    }
    this.notices.push(told);
    await this.replaceDamaged(data);
    return data;
  }

  /**
   * Write the recovered or cleaned library over the damaged file (already kept aside). With no
   * space it stays in memory: the damaged file stays where it was and the next open recovers again.
   */
  private async replaceDamaged(data: LibraryData | null): Promise<void> {
    try {
      if (data) await writeFileAtomic(this.file, await serializeLibrary(data));
      else await fs.rm(this.file, { force: true });
      this.diskClean = data !== null;
      // The good backups stay the newest for a while: a repaired file (records left out) is not
      // backed up at the next write, or a few repaired opens would rotate the good ones out.
      this.lastBackupAt = Date.now();
    } catch (error) {
      this.notices.push(`the recovered library could not be saved yet (${reasonOf(error)}).`);
    }
  }

  /** The newest backup that validates cleanly; else the newest one that opens at all. */
  private async newestUsableBackup(): Promise<{ name: string; data: LibraryData; damage: Damage[] } | null> {
    let fallback: { name: string; data: LibraryData; damage: Damage[] } | null = null;
    for (const name of await this.backupNames()) {
      const text = await readIfExists(path.join(this.backupsDir, name)).catch(() => null);
      const parsed = text === null ? null : parseLibrary(text);
      if (!parsed?.ok) continue;
      if (parsed.damage.length === 0) return { name, data: parsed.data, damage: [] };
      fallback ??= { name, data: parsed.data, damage: parsed.damage };
    }
    return fallback;
  }

  private asideName(): string {
    return path.join(path.dirname(this.file), `library.corrupt-${stamp()}.json`);
  }
}

type Parsed = { ok: true; data: LibraryData; damage: Damage[] } | { ok: false; error: string };

function parseLibrary(raw: string): Parsed {
  // A BOM (an editor on Windows) is not damage.
  const text = raw.startsWith(BOM) ? raw.slice(BOM.length) : raw;
  if (text.trim() === '') return { ok: false, error: 'the file is empty' };
  if (/^\0+$/.test(text)) return { ok: false, error: 'the file holds only NUL bytes' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `invalid JSON: ${(error as Error).message}` };
  }
  if (!isPlainObject(value)) return { ok: false, error: 'not a Tidings library' };
  const damage = validateLibrary(value);
  // A library from a newer Tidings is not damaged: migrate() throws and nothing is moved aside.
  return { ok: true, data: migrate(value), damage };
}

/** "3 damaged article records and 1 damaged setting were" */
function describeDamage(damage: Damage[]): string {
  const counts = new Map<string, number>();
  for (const d of damage) counts.set(d.section, (counts.get(d.section) ?? 0) + 1);
  const parts = [...counts].map(([section, n]) => `${n} damaged ${SECTION_WORDS[section] ?? section} ${n === 1 ? 'record' : 'records'}`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]!;
  return `${list} ${damage.length === 1 ? 'was' : 'were'}`;
}

const SECTION_WORDS: Record<string, string> = {
  articles: 'article', feeds: 'feed', tombstones: 'deleted-article', feedSeen: 'feed history', rules: 'rule',
  savedSearches: 'saved-search', settings: 'setting', sync: 'journal-bookkeeping', schemaVersion: 'schema-version', seeded: 'seed-flag',
};

function reasonOf(error: unknown): string {
  return diskFullReason(error) ?? (error as Error).message;
}

/** A write of library.json that failed, as one line; the old file is intact (atomic write). */
function writeFailure(error: unknown): unknown {
  const why = diskFullReason(error);
  if (!why) return error;
  return new TidingsError('store', 'library.json', `${why}; nothing was saved (the library on disk is as it was). Free some space and try again.`, 'failed', { cause: error });
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}
