// One process writes a data directory at a time. The lock is the file `tidings.lock`, holding
// its owner: pid, process start time, a random token, the host. The protocol (docs/decisions.md):
//
// - Take: write the owner to a private temp file, then link() it to `tidings.lock`. The link
//   either creates the lock with its owner already in it, or fails with EEXIST: nobody ever sees
//   a lock without an owner. With no space left for the temp file, the owner is written as the
//   target of a symlink instead (a short symlink lives in its inode and needs no data block).
// - Take over: only a lock whose owner is gone (dead pid, or the pid reused by another process)
//   is taken over, and never by delete-then-create. The taker first wins a mutex named after the
//   stale lock's token (`tidings.lock.<token>.takeover`, created by link, so only one process
//   ever wins it), re-reads the lock to see that the stale owner is still there, and renames its
//   own owner file over it. Nobody else can change a lock whose owner is dead, so after the
//   re-check the rename cannot replace anybody's live lock; a re-read confirms our token.
// - Release removes the lock only while it holds our token.

import { randomBytes } from 'node:crypto';
import { linkSync, lstatSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TidingsError } from '../errors.js';

export interface DirLock {
  release(): void;
}

export interface LockOptions {
  /** How long to wait for a busy lock before giving up (polling with jitter). 0: fail at once. */
  waitMs?: number;
}

/** Who holds a lock. `start` tells a reused pid from the process that wrote the lock. */
interface Owner {
  pid: number;
  token: string;
  start: string | null;
  host: string | null;
}

/** What is at `tidings.lock` now: its owner, or `null` when it holds none we can read. */
interface Seen {
  owner: Owner | null;
  /** Token of the lock, or its inode for an owner-less lock (an old format, a crash). */
  id: string;
  ageMs: number;
}

const LOCK_NAME = 'tidings.lock';
/** An owner-less lock older than this was left by a crash, not by a writer still at work. */
const OWNERLESS_GRACE_MS = 2000;
const POLL_MS = 50;
/** Mutexes nested only when a taker itself died mid-takeover; more than this is not plausible. */
const MAX_TAKEOVER_DEPTH = 4;
const NO_SPACE = new Set(['ENOSPC', 'EDQUOT']);

export async function lockDataDir(dataDir: string, options: LockOptions = {}): Promise<DirLock> {
  const deadline = Date.now() + (options.waitMs ?? 0);
  const me = newOwner();
  for (;;) {
    let busy: TidingsError | null;
    try {
      busy = tryLock(dataDir, me);
    } catch (error) {
      throw error instanceof TidingsError ? error : failure(dataDir, error);
    }
    if (busy === null) {
      removeLeftovers(dataDir);
      return { release: () => release(dataDir, me) };
    }
    if (Date.now() >= deadline) throw busy;
    // Jitter keeps waiting processes from polling in step.
    await new Promise((resolve) => setTimeout(resolve, POLL_MS / 2 + Math.random() * POLL_MS));
  }
}

/** One attempt: null when the lock is ours, else the error that says who holds it. */
function tryLock(dataDir: string, me: Owner): TidingsError | null {
  const file = path.join(dataDir, LOCK_NAME);
  if (createExclusive(dataDir, file, me)) return null;
  const seen = look(file);
  if (seen === null) return tryLock(dataDir, me); // released between our attempt and our look
  const holder = judge(dataDir, seen, me);
  if (holder !== null) return holder;
  return takeOver(dataDir, file, seen, me, 0) ? null : busyError(dataDir, null);
}

/** Create `file` holding our owner, atomically; false when it exists. */
function createExclusive(dataDir: string, file: string, me: Owner): boolean {
  try {
    withOwnerFile(dataDir, me, (temp) => linkSync(temp, file), () => symlinkSync(compactOwner(me), file));
    return true;
  } catch (error) {
    if (code(error) === 'EEXIST') return false;
    throw failure(dataDir, error);
  }
}

/**
 * Run `place` on a fresh temp file holding our owner, removed afterwards. With no space for the
 * file, `placeSymlink` puts the owner in a symlink instead.
 */
function withOwnerFile(dataDir: string, me: Owner, place: (temp: string) => void, placeSymlink: () => void): void {
  const temp = path.join(dataDir, `${LOCK_NAME}.${me.pid}-${me.token}.new`);
  try {
    writeFileSync(temp, JSON.stringify({ ...me, since: new Date().toISOString() }), { flag: 'wx' });
  } catch (error) {
    rmSync(temp, { force: true });
    if (!NO_SPACE.has(code(error) ?? '')) throw error;
    placeSymlink();
    return;
  }
  try {
    place(temp);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Null when the lock is stale (ours to take over), else the error to report. */
function judge(dataDir: string, seen: Seen, me: Owner): TidingsError | null {
  const owner = seen.owner;
  if (owner === null) return seen.ageMs > OWNERLESS_GRACE_MS ? null : busyError(dataDir, null);
  if (owner.host !== null && owner.host !== me.host) {
    // Its pid means nothing here: only the user can tell whether that Tidings still runs.
    return new TidingsError('store', dataDir, `the archive is open in Tidings on the computer ${owner.host}; close it there first (if it is not running, delete ${LOCK_NAME})`);
  }
  if (owner.pid === me.pid && (owner.start === null || owner.start === me.start)) {
    return new TidingsError('store', dataDir, 'the archive is already open in this process');
  }
  return isRunning(owner) ? busyError(dataDir, owner.pid) : null;
}

/**
 * Take over the stale lock `seen`: win its mutex, re-check, rename our owner over it. A taker
 * that died holding the mutex makes the mutex stale in turn: the next one is named after both.
 */
function takeOver(dataDir: string, file: string, seen: Seen, me: Owner, depth: number, mutexBase = `${file}.${seen.id}`): boolean {
  if (depth > MAX_TAKEOVER_DEPTH) return false;
  const mutex = `${mutexBase}.takeover`;
  let won = false;
  try {
    withOwnerFile(dataDir, me, (temp) => linkSync(temp, mutex), () => symlinkSync(compactOwner(me), mutex));
    won = true;
  } catch (error) {
    if (code(error) !== 'EEXIST') throw failure(dataDir, error);
  }
  if (!won) {
    const holder = look(mutex);
    if (holder?.owner && !isRunning(holder.owner)) return takeOver(dataDir, file, seen, me, depth + 1, `${mutexBase}.${holder.id}`);
    return false; // another process is taking over right now: it wins, we wait or fail
  }
  try {
    if (look(file)?.id !== seen.id) return false; // already taken over or released
    withOwnerFile(dataDir, me, (temp) => renameSync(temp, file), () => {
      const temp = `${file}.${me.pid}-${me.token}.link`;
      symlinkSync(compactOwner(me), temp);
      renameSync(temp, file);
    });
    return look(file)?.owner?.token === me.token;
  } finally {
    rmSync(mutex, { force: true });
  }
}

/** The lock at `file` as it is now; null when there is none. */
function look(file: string): Seen | null {
  let stat;
  try {
    stat = lstatSync(file);
  } catch (error) {
    if (code(error) === 'ENOENT') return null;
    throw error;
  }
  if (stat.isDirectory()) throw new TidingsError('store', file, 'is a folder, not a lock file; remove it if no Tidings is running', 'failed');
  const ageMs = Date.now() - stat.mtimeMs;
  let owner: Owner | null = null;
  try {
    owner = stat.isSymbolicLink() ? parseCompact(readlinkSync(file)) : parseOwner(readFileSync(file, 'utf8'));
  } catch {
    owner = null; // vanished or unreadable between lstat and read: judged by its age
  }
  return { owner, id: owner && owner.token !== '' ? owner.token : `i${stat.ino}`, ageMs };
}

function parseOwner(text: string): Owner | null {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    if (typeof v.pid !== 'number' || !Number.isInteger(v.pid) || v.pid <= 0) return null;
    const str = (x: unknown) => (typeof x === 'string' ? x : null);
    // A lock of an older Tidings has a pid only: its token stays empty, its id its inode.
    return { pid: v.pid, token: str(v.token) ?? '', start: str(v.start), host: str(v.host) };
  } catch {
    return null;
  }
}

/** The owner as a symlink target: short, so that it fits in the inode on a full disk. */
function compactOwner(me: Owner): string {
  return `tidings:${me.pid}:${me.start ?? ''}:${me.token}`;
}

function parseCompact(target: string): Owner | null {
  const m = /^tidings:(\d+):(\d*):([0-9a-f]+)$/.exec(target);
  return m ? { pid: Number(m[1]), start: m[2] || null, token: m[3]!, host: null } : null;
}

function newOwner(): Owner {
  return { pid: process.pid, token: randomBytes(8).toString('hex'), start: startTime(process.pid), host: os.hostname() };
}

/**
 * When the process started, in clock ticks since boot (Linux /proc), or null where unknown:
 * it tells the process that wrote a lock from a later one that was given the same pid.
 */
function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22; the command name (field 2) may hold spaces and is closed by the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isRunning(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if (code(error) !== 'EPERM') return false;
  }
  if (owner.start === null) return true;
  const now = startTime(owner.pid);
  return now === null || now === owner.start;
}

function release(dataDir: string, me: Owner): void {
  const file = path.join(dataDir, LOCK_NAME);
  if (look(file)?.owner?.token === me.token) rmSync(file, { force: true });
}

/**
 * With the lock held: remove what dead takers left behind (owner temp files, takeover
 * mutexes of earlier locks). A taker still at work on an old mutex re-checks and backs off.
 */
function removeLeftovers(dataDir: string): void {
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(`${LOCK_NAME}.`)) continue;
    const temp = /\.(\d+)-[0-9a-f]+\.(new|link)$/.exec(name);
    const stale = temp ? !isPidAlive(Number(temp[1])) : name.endsWith('.takeover');
    if (stale) rmSync(path.join(dataDir, name), { force: true });
  }
}

function isPidAlive(pid: number): boolean {
  return isRunning({ pid, token: '', start: null, host: null });
}

function busyError(dataDir: string, pid: number | null): TidingsError {
  const who = pid === null ? 'another Tidings process' : `another Tidings process (pid ${pid})`;
  return new TidingsError('store', dataDir, `the archive is open in ${who}; close it first`);
}

function failure(dataDir: string, error: unknown): TidingsError {
  const c = code(error);
  const why = c && NO_SPACE.has(c) ? 'no space left on the disk' : c === 'EROFS' ? 'the disk is read-only' : (error as Error).message;
  return new TidingsError('store', dataDir, `could not take the lock ${LOCK_NAME}: ${why}`, 'failed', { cause: error });
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}
