// The lowdb adapter for library.json: compact JSON, atomic writes, rotating backups, and
// recovery from a corrupt file. (lowdb's JSONFilePreset is not used: under NODE_ENV=test it
// silently keeps data in memory.)

import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import type { LibraryData } from '../model/index.js';
import { writeFileAtomic } from './atomic.js';
import { migrate } from './migrations.js';
import { serializeLibrary } from './serialize.js';

const BACKUPS_KEPT = 5;
const BACKUP_EVERY_MS = 10 * 60 * 1000;

export class LibraryFileAdapter implements Adapter<LibraryData> {
  readonly file: string;
  readonly backupsDir: string;
  /** What happened at read, in plain words, for the user. */
  readonly notices: string[] = [];
  private lastBackupAt = 0;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'library.json');
    this.backupsDir = path.join(dataDir, 'backups');
  }

  async read(): Promise<LibraryData | null> {
    const text = await readIfExists(this.file);
    if (text === null) return null;
    const parsed = parseLibrary(text);
    if (parsed.ok) {
      await this.backup();
      return parsed.data;
    }
    return this.recover(parsed.error);
  }

  async write(data: LibraryData): Promise<void> {
    if (Date.now() - this.lastBackupAt > BACKUP_EVERY_MS) await this.backup();
    await writeFileAtomic(this.file, await serializeLibrary(data));
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
      throw error;
    }
    await this.prune();
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

  private async recover(reason: string): Promise<LibraryData | null> {
    const aside = path.join(path.dirname(this.file), `library.corrupt-${stamp()}.json`);
    await fs.rename(this.file, aside);
    for (const name of await this.backupNames()) {
      const text = await readIfExists(path.join(this.backupsDir, name));
      const parsed = text === null ? null : parseLibrary(text);
      if (parsed?.ok) {
        await writeFileAtomic(this.file, text!);
        this.notices.push(
          `library.json was damaged (${reason}). It was moved aside as ${path.basename(aside)} and the backup ${name} was restored; changes made after that backup are lost.`,
        );
        return parsed.data;
      }
    }
    this.notices.push(
      `library.json was damaged (${reason}) and no good backup was found. It was moved aside as ${path.basename(aside)}; Tidings starts with an empty library and your article files are untouched.`,
    );
    return null;
  }
}

type Parsed = { ok: true; data: LibraryData } | { ok: false; error: string };

function parseLibrary(text: string): Parsed {
  if (text.trim() === '') return { ok: false, error: 'the file is empty' };
  if (/^\0+$/.test(text)) return { ok: false, error: 'the file holds only NUL bytes' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `invalid JSON: ${(error as Error).message}` };
  }
  if (!isLibraryShape(value)) return { ok: false, error: 'not a Tidings library' };
  // A library from a newer Tidings is not damaged: migrate() throws and nothing is moved aside.
  return { ok: true, data: migrate(value) };
}

function isLibraryShape(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const isMap = (x: unknown) => x === undefined || (typeof x === 'object' && x !== null && !Array.isArray(x));
  return isMap(v.articles) && isMap(v.feeds) && (v.rules === undefined || Array.isArray(v.rules));
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
