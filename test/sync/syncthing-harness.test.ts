// The Syncthing harness on plain files (no Tidings code): two real instances on 127.0.0.1 carry
// files both ways, appends arrive as appends, ignored names stay local, and nothing is left
// running. It also pins the engine behaviours the journal design rests on: an incoming file
// appears whole (temp name, then rename), and a file changed on both sides leaves a
// `*.sync-conflict-*` copy, which is why each journal is written by one device only.

import { appendFileSync, type Dirent, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPair, syncthingAvailable, SYNCTHING_SKIP_REASON, type Pair } from './syncthing.js';

const available = syncthingAvailable();
const CONFLICT = /\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}(\.|$)/;

/** Every file under dir (relative paths), Syncthing's own marker and ignore file left out. */
function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .filter((name) => name !== '.stignore' && !name.startsWith('.stfolder'))
    .sort();
}

/** True while pid runs; a zombie (dead, waiting for a parent to reap it) counts as gone. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Processes whose command line names the given home directory (a leftover child would). */
function processesUsing(home: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(home);
      } catch {
        return false;
      }
    })
    .map(Number);
}

interface OpenSocket {
  proto: string;
  local: string;
  remote: string;
  listening: boolean;
}

/** A /proc/net address (hex, kernel byte order) is loopback: 127.0.0.0/8, ::1 or ::ffff:127.x. */
function loopback(hex: string): boolean {
  const [address = ''] = hex.split(':');
  if (address.length === 8) return parseInt(address.slice(6, 8), 16) === 127;
  if (address === '00000000000000000000000001000000') return true;
  return address.startsWith('0000000000000000FFFF0000') && parseInt(address.slice(30, 32), 16) === 127;
}

/** The TCP and UDP sockets a process holds, read from /proc (Linux). */
function socketsOf(pid: number): OpenSocket[] {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        return [/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? ''];
      } catch {
        return [];
      }
    }),
  );
  return ['tcp', 'tcp6', 'udp', 'udp6'].flatMap((proto) =>
    readFileSync(`/proc/${pid}/net/${proto}`, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields.length > 9 && inodes.has(fields[9]!))
      .map((fields) => ({ proto, local: fields[1]!, remote: fields[2]!, listening: fields[3] === '0A' })),
  );
}

describe.skipIf(!available)(`two Syncthing instances on 127.0.0.1 (${available ? 'syncthing found' : SYNCTHING_SKIP_REASON})`, () => {
  let root: string;
  let pair: Pair;
  let plainA: string;
  let plainB: string;
  let bothA: string;
  let bothB: string;

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tidings-sync-harness-'));
    plainA = path.join(root, 'plain-a');
    plainB = path.join(root, 'plain-b');
    bothA = path.join(root, 'both-a');
    bothB = path.join(root, 'both-b');
    pair = await startPair({
      folders: [
        { id: 'plain', dirA: plainA, dirB: plainB, ignore: ['/library.json', '/index', '/backups'] },
        { id: 'both', dirA: bothA, dirB: bothB },
      ],
    });
    await pair.waitInSync('plain', 30_000);
    await pair.waitInSync('both', 30_000);
  });

  afterAll(async () => {
    await pair?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('talks only over 127.0.0.1: discovery, relays, NAT and usage reports off, no UDP socket', async () => {
    for (const side of ['A', 'B'] as const) {
      const options = (await pair.request(side, 'GET', '/rest/config/options')) as Record<string, unknown>;
      expect(options).toMatchObject({
        globalAnnounceEnabled: false,
        localAnnounceEnabled: false,
        relaysEnabled: false,
        natEnabled: false,
        urAccepted: -1,
        listenAddresses: [`tcp://127.0.0.1:${(side === 'A' ? pair.a : pair.b).listenPort}`],
      });
    }
    for (const instance of [pair.a, pair.b]) {
      const sockets = socketsOf(instance.pid);
      expect(sockets.filter((socket) => socket.proto.startsWith('tcp')).length).toBeGreaterThan(0);
      expect(sockets.filter((socket) => socket.proto.startsWith('udp'))).toEqual([]);
      expect(sockets.filter((socket) => !loopback(socket.local) || (!socket.listening && !loopback(socket.remote)))).toEqual([]);
    }
  });

  it('carries a file written on A to B, and one written on B to A, within 30 s', async () => {
    const started = Date.now();
    writeFileSync(path.join(plainA, 'from-a.txt'), 'written on A\n');
    writeFileSync(path.join(plainB, 'from-b.txt'), 'written on B\n');
    await pair.rescan('plain');
    await pair.waitInSync('plain', 30_000);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(readFileSync(path.join(plainB, 'from-a.txt'), 'utf8')).toBe('written on A\n');
    expect(readFileSync(path.join(plainA, 'from-b.txt'), 'utf8')).toBe('written on B\n');
  });

  it('carries a line appended to a .jsonl file on A as an append on B', async () => {
    const name = path.join('journal', 'device-a.jsonl');
    const first = '{"hlc":"1","op":"star"}\n';
    const second = '{"hlc":"2","op":"tag"}\n';
    mkdirSync(path.join(plainA, 'journal'), { recursive: true });
    writeFileSync(path.join(plainA, name), first);
    await pair.rescan('plain');
    await pair.waitInSync('plain', 30_000);
    expect(readFileSync(path.join(plainB, name), 'utf8')).toBe(first);

    appendFileSync(path.join(plainA, name), second);
    await pair.rescan('plain');
    await pair.waitInSync('plain', 30_000);
    expect(readFileSync(path.join(plainB, name), 'utf8')).toBe(first + second);
  });

  it('keeps ignored names (library.json, index/, backups/) on their side', async () => {
    mkdirSync(path.join(plainA, 'index'), { recursive: true });
    mkdirSync(path.join(plainB, 'backups'), { recursive: true });
    writeFileSync(path.join(plainA, 'library.json'), '{"side":"A"}');
    writeFileSync(path.join(plainA, 'index', 'segment-1'), 'A index');
    writeFileSync(path.join(plainB, 'backups', 'library-1.json'), '{"side":"B"}');
    // A file that is not ignored, in the same scan: proves the scan happened and was carried.
    writeFileSync(path.join(plainA, 'after-ignores.txt'), 'crossed');
    await pair.rescan('plain');
    await pair.waitInSync('plain', 30_000);
    expect(readFileSync(path.join(plainB, 'after-ignores.txt'), 'utf8')).toBe('crossed');
    expect(existsSync(path.join(plainB, 'library.json'))).toBe(false);
    expect(existsSync(path.join(plainB, 'index'))).toBe(false);
    expect(existsSync(path.join(plainA, 'backups'))).toBe(false);
  });

  it('shows a reader on B only the whole file, never a partly written one', async () => {
    const size = 12 * 1024 * 1024;
    const target = path.join(plainB, 'large.bin');
    let partial = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        try {
          if (statSync(target).size !== size) partial += 1;
        } catch {
          // Not there yet: Syncthing writes `.syncthing.large.bin.tmp` and renames it at the end.
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    writeFileSync(path.join(plainA, 'large.bin'), Buffer.alloc(size, 7));
    await pair.rescan('plain');
    await pair.waitInSync('plain', 30_000);
    watching = false;
    await watcher;
    expect(statSync(target).size).toBe(size);
    expect(partial).toBe(0);
    expect(files(plainB).filter((name) => name.includes('.syncthing.'))).toEqual([]);
  });

  it('leaves no conflict copy in a folder where each file has one writer', () => {
    const shared = (dir: string) => files(dir).filter((name) => !/^(library\.json$|index\/|backups\/)/.test(name));
    expect(shared(plainA).length).toBeGreaterThan(0);
    expect(shared(plainA)).toEqual(shared(plainB));
    expect([...files(plainA), ...files(plainB)].filter((name) => CONFLICT.test(name))).toEqual([]);
  });

  it('makes a conflict copy when the same file is appended on both sides (so one journal per device)', async () => {
    writeFileSync(path.join(bothA, 'shared.jsonl'), '{"n":1}\n');
    await pair.rescan('both');
    await pair.waitInSync('both', 30_000);
    appendFileSync(path.join(bothA, 'shared.jsonl'), '{"n":"from A"}\n');
    appendFileSync(path.join(bothB, 'shared.jsonl'), '{"n":"from B"}\n');
    // A's append is the older one (Syncthing keeps the newer modification time as the file).
    const older = new Date(Date.now() - 60_000);
    utimesSync(path.join(bothA, 'shared.jsonl'), older, older);
    await pair.rescan('both');
    await pair.waitInSync('both', 30_000);

    const conflictsA = files(bothA).filter((name) => CONFLICT.test(name));
    expect(conflictsA).toHaveLength(1);
    expect(conflictsA[0]).toMatch(/^shared\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}\.jsonl$/);
    // The copy is replicated too, and the two versions hold one appended line each: neither side's
    // line is lost, but neither file has both. A pull that met the local append may leave its
    // `.syncthing.shared.jsonl.tmp` behind (kept for reuse up to keepTemporariesH, 24 h): readers
    // of a synced folder must skip those names.
    const settled = (dir: string) => files(dir).filter((name) => !/(^|\/)\.syncthing\..*\.tmp$/.test(name));
    expect(settled(bothB)).toEqual(settled(bothA));
    for (const dir of [bothA, bothB]) {
      expect(readFileSync(path.join(dir, 'shared.jsonl'), 'utf8')).toBe('{"n":1}\n{"n":"from B"}\n');
      expect(readFileSync(path.join(dir, conflictsA[0]!), 'utf8')).toBe('{"n":1}\n{"n":"from A"}\n');
    }
    // The copy holds A's older lines but its name carries B's short ID (the device whose version
    // won), so a resolver must go by content, never by the ID in the name.
    expect(conflictsA[0]).toContain(`-${pair.b.deviceId.slice(0, 7)}.jsonl`);
  });

  it('says why in the error when a wait times out, with both logs', async () => {
    const error = await pair.waitInSync('no-such-folder', 1_000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('not in sync after 1000 ms');
    expect(message).toContain('--- syncthing A');
    expect(message).toContain('--- syncthing B');
    expect(message).toMatch(/My ID: [A-Z0-9]{7}/);
  });

  it('leaves no Syncthing process and no home behind when a test dies before stop', async () => {
    const script = path.join(import.meta.dirname, 'crash-after-start.ts');
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 40_000 });
    expect(run.stderr).toContain('a test failed before stop()');
    const started = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { root: string; pids: number[]; homes: string[] };
    rmSync(started.root, { recursive: true, force: true });
    // The exit hook sends SIGKILL and the script ends at once: a killed instance may still be
    // tearing down (its command line already gone, not yet a zombie) for a moment on a busy
    // machine (CI saw one). Wait for that, bounded; one that outlives the bound is a leak.
    await vi.waitFor(() => expect(started.pids.filter(alive)).toEqual([]), { timeout: 15_000, interval: 100 }).catch(() => undefined);
    const leftovers = started.homes.flatMap((home) => processesUsing(home));
    const homesLeft = started.homes.filter((home) => existsSync(home));
    // Clean up what a broken harness leaked before judging it, so one failure does not pile up.
    for (const pid of leftovers) process.kill(pid, 'SIGKILL');
    for (const home of started.homes) rmSync(home, { recursive: true, force: true });
    expect(leftovers).toEqual([]);
    expect(started.pids.filter(alive)).toEqual([]);
    expect(homesLeft).toEqual([]);
  });

  it('leaves no Syncthing process and no home behind after stop', async () => {
    const instances = [pair.a, pair.b];
    await pair.stop();
    for (const instance of instances) {
      expect(alive(instance.pid)).toBe(false);
      expect(processesUsing(instance.home)).toEqual([]);
      expect(existsSync(instance.home)).toBe(false);
    }
  });
});
