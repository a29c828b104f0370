// What the user sees of sync (Settings, "Several machines"): the folder to share, every device
// whose journal is here, when each one last changed something and how many of its changes were
// read, the articles of other devices still waiting for their files, and whether the .stignore
// for Syncthing is in place. It only reads: the journals are the lead's (src/store/journal.ts).

import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { ArchiveApi, DeviceSync, SyncStatus } from '../api.js';
import { isHlc, journalDevices, journalFile, wallOf } from '../store/index.js';
import type { ArchiveContext } from './context.js';

/** Only the end of a journal is read for its newest line: journals grow to tens of MB. */
export const TAIL_BYTES = 64 * 1024;
const CHUNK_BYTES = 256 * 1024;

/** Lines counted so far in one journal: the count goes on from `at` while the epoch stays. */
interface LineCount {
  epoch: string;
  at: number;
  lines: number;
}

export function createSyncStatusPart(ctx: ArchiveContext): Pick<ArchiveApi, 'getSyncStatus'> {
  const counts = new Map<string, LineCount>();
  return {
    async getSyncStatus(): Promise<SyncStatus> {
      const device = ctx.library.device;
      const names = new Set([device, ...(await journalDevices(ctx.dataDir))]);
      const devices: DeviceSync[] = [];
      for (const name of names) devices.push(await deviceStatus(ctx, name, name === device, counts));
      devices.sort((a, b) => Number(b.thisDevice) - Number(a.thisDevice) || (b.lastChangeAt ?? '').localeCompare(a.lastChangeAt ?? '') || a.device.localeCompare(b.device));
      return {
        dataDir: ctx.dataDir,
        device,
        devices,
        waitingArticles: waitingArticles(ctx),
        ignoreFile: existsSync(path.join(ctx.dataDir, '.stignore')),
      };
    },
  };
}

async function deviceStatus(ctx: ArchiveContext, device: string, thisDevice: boolean, counts: Map<string, LineCount>): Promise<DeviceSync> {
  const file = journalFile(ctx.dataDir, device);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return { device, host: null, lastChangeAt: null, changes: 0, thisDevice };
  }
  try {
    const size = (await handle.stat()).size;
    const header = await readHeader(handle);
    if (!header) return { device, host: null, lastChangeAt: null, changes: 0, thisDevice };
    // Ours is all read (we wrote it); another device's, as far as the merge has read it.
    const offset = ctx.data.sync?.offsets[device];
    const readUpTo = thisDevice ? size : offset && offset.epoch === header.epoch ? Math.min(offset.at, size) : header.end;
    const changes = await countLines(handle, device, header, readUpTo, counts);
    return { device, host: header.host, lastChangeAt: await newestChange(handle, size, device), changes, thisDevice };
  } finally {
    await handle.close();
  }
}

/** The journal's first line: its epoch (a compaction starts a new one) and where the lines start. */
async function readHeader(handle: fs.FileHandle): Promise<{ epoch: string; end: number; host: string | null } | null> {
  const head = Buffer.alloc(1024);
  const { bytesRead } = await handle.read(head, 0, head.length, 0);
  const end = head.subarray(0, bytesRead).indexOf(0x0a);
  if (end <= 0) return null;
  try {
    const value = JSON.parse(head.toString('utf8', 0, end)) as { journal?: unknown; epoch?: unknown; host?: unknown };
    // The name is another machine's word: shown as text, at most 100 characters.
    const host = typeof value.host === 'string' && value.host.trim() ? value.host.trim().slice(0, 100) : null;
    return value.journal === 1 && typeof value.epoch === 'string' ? { epoch: value.epoch, end: end + 1, host } : null;
  } catch {
    return null;
  }
}

/**
 * Whole lines between the header and `upTo`. Counted once, then on from where the last count
 * stopped (the journal only grows, until a compaction gives it a new epoch).
 */
async function countLines(handle: fs.FileHandle, device: string, header: { epoch: string; end: number }, upTo: number, counts: Map<string, LineCount>): Promise<number> {
  const known = counts.get(device);
  const from = known && known.epoch === header.epoch && known.at <= upTo ? known : { epoch: header.epoch, at: header.end, lines: 0 };
  const buffer = Buffer.alloc(CHUNK_BYTES);
  let { at, lines } = from;
  let lastLineEnd = at;
  while (at < upTo) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, upTo - at), at);
    if (bytesRead === 0) break;
    for (let i = buffer.indexOf(0x0a); i !== -1 && i < bytesRead; i = buffer.indexOf(0x0a, i + 1)) {
      lines++;
      lastLineEnd = at + i + 1;
    }
    at += bytesRead;
  }
  // A torn last line is not counted, and the next count starts at its beginning.
  counts.set(device, { epoch: header.epoch, at: lastLineEnd, lines });
  return lines;
}

/** The wall time of the newest whole line in the journal's last TAIL_BYTES, as ISO; null if none. */
async function newestChange(handle: fs.FileHandle, size: number, device: string): Promise<string | null> {
  const start = Math.max(0, size - TAIL_BYTES);
  const tail = Buffer.alloc(size - start);
  const { bytesRead } = await handle.read(tail, 0, tail.length, start);
  const lines = tail.toString('utf8', 0, bytesRead).split('\n');
  lines.pop(); // after the last newline: empty, or a line still being written
  if (start > 0) lines.shift(); // cut by the tail's start
  for (let i = lines.length - 1; i >= 0; i--) {
    const h = clockOf(lines[i]!);
    // A line of another device's clock does not belong in this journal (the merge skips it too).
    if (h && h.endsWith(`.${device}`)) return new Date(wallOf(h)).toISOString();
  }
  return null;
}

function clockOf(line: string): string | null {
  try {
    const value = JSON.parse(line) as { h?: unknown } | null;
    return isHlc(value?.h) ? value.h : null;
  } catch {
    return null;
  }
}

/** Distinct articles of other devices waiting for their files (one may wait with several lines). */
function waitingArticles(ctx: ArchiveContext): number {
  const keys = new Set<string>();
  for (const op of ctx.data.sync?.pending ?? []) {
    const key = (op as { k?: unknown }).k;
    if (typeof key === 'string' && key.startsWith('a:')) keys.add(key);
  }
  return keys.size;
}
