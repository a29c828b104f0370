// A test harness that runs two real Syncthing instances (Debian's `syncthing`) on 127.0.0.1 and
// shares folders between two directories, so integration tests can show Tidings archives syncing
// through the engine people actually run. Written for syncthing v1.19 (Debian 12) and its flags:
// `syncthing generate --home`, `syncthing serve --home --no-browser --no-restart --gui-address
// --gui-apikey`. All settings go through the REST API on loopback (X-API-Key), except the few
// network options that must be off before the first second of life (see `closeNetwork`).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { TidingsError } from '../../src/errors.js';

const MODULE = 'sync-harness';
const BINARY = 'syncthing';
/** How many log lines of each instance are kept for the error of a failed wait. */
const LOG_LINES = 300;

export const SYNCTHING_SKIP_REASON =
  'syncthing is not installed (the Debian package `syncthing`; .ci/run installs it): Syncthing sync tests skipped';

/** True when the `syncthing` binary runs here. */
export function syncthingAvailable(): boolean {
  const result = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.startsWith('syncthing ');
}

export interface FolderSpec {
  id: string;
  dirA: string;
  dirB: string;
  /** Lines of `.stignore`, written into both directories before the folder is shared. */
  ignore?: string[];
}

export interface PairOptions {
  folders: FolderSpec[];
}

export interface Instance {
  name: 'A' | 'B';
  home: string;
  deviceId: string;
  guiPort: number;
  listenPort: number;
  apiKey: string;
  pid: number;
  /** The last lines Syncthing wrote (stdout and stderr). */
  log(): string[];
}

export interface Pair {
  a: Instance;
  b: Instance;
  /** Waits until both sides report the folder idle, complete and equal; throws with both logs after timeoutMs. */
  waitInSync(folderId: string, timeoutMs?: number): Promise<void>;
  /** Scans the folder on both sides now (returns once both scans are done) instead of waiting for the watcher. */
  rescan(folderId: string): Promise<void>;
  /** One REST call to one side (loopback, with its API key): JSON in, parsed JSON out. */
  request(side: 'A' | 'B', method: string, route: string, body?: unknown): Promise<unknown>;
  /** Shuts both down (REST shutdown, then SIGKILL) and removes their homes. Safe to call twice. */
  stop(): Promise<void>;
}

interface Running extends Instance {
  child: ChildProcess;
  lines: string[];
  exited: Promise<void>;
}

/** Every instance alive in this process: killed on exit even when a test never reached stop(). */
const alive = new Set<Running>();
let exitHookInstalled = false;

/** The pids below pid (Linux /proc), deepest first: a monitor-mode Syncthing runs a child in its own session. */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [...descendants(child), child]);
}

/** SIGKILL to the instance and anything it started; synchronous, so it also works in an 'exit' hook. */
function killTree(instance: Running): void {
  for (const pid of descendants(instance.pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  instance.child.kill('SIGKILL');
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const instance of alive) {
      killTree(instance);
      rmSync(instance.home, { recursive: true, force: true });
    }
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function generateHome(name: string): { home: string; deviceId: string } {
  const home = mkdtempSync(path.join(os.tmpdir(), `tidings-syncthing-${name}-`));
  const result = spawnSync(BINARY, ['generate', `--home=${home}`, '--no-default-folder', '--skip-port-probing'], {
    encoding: 'utf8',
    env: { ...process.env, STNODEFAULTFOLDER: '1', STNOUPGRADE: '1' },
  });
  const match = /Device ID: ([A-Z0-9-]{63})/.exec(`${result.stdout}\n${result.stderr}`);
  if (result.status !== 0 || !match) {
    rmSync(home, { recursive: true, force: true });
    throw new TidingsError(MODULE, home, `syncthing generate failed: ${result.stderr || result.stdout}`);
  }
  return { home, deviceId: match[1]! };
}

/** The options that keep an instance on loopback: no discovery, relays, NAT or usage reports. */
function networkOptions(listenPort: number): Record<string, unknown> {
  return {
    listenAddresses: [`tcp://127.0.0.1:${listenPort}`],
    globalAnnounceEnabled: false,
    localAnnounceEnabled: false,
    relaysEnabled: false,
    natEnabled: false,
    urAccepted: -1,
    autoUpgradeIntervalH: 0,
    crashReportingEnabled: false,
    // Dial a known but unconnected device every second, not every minute: tests start both at once.
    reconnectionIntervalS: 1,
    startBrowser: false,
  };
}

/**
 * The generated config.xml has discovery, relays, NAT and listening on all interfaces on. The REST
 * API is not up until the instance runs, so these few elements are switched off in the file
 * first: a test must never reach beyond 127.0.0.1, not even in its first second. Each replacement
 * must match, so a changed config layout fails here loudly instead of leaking traffic.
 */
function closeNetwork(home: string, listenPort: number): void {
  const file = path.join(home, 'config.xml');
  let xml = readFileSync(file, 'utf8');
  const replacements: [RegExp, string][] = [
    [/<listenAddress>[^<]*<\/listenAddress>/, `<listenAddress>tcp://127.0.0.1:${listenPort}</listenAddress>`],
    [/<globalAnnounceEnabled>true</, '<globalAnnounceEnabled>false<'],
    [/<localAnnounceEnabled>true</, '<localAnnounceEnabled>false<'],
    [/<relaysEnabled>true</, '<relaysEnabled>false<'],
    [/<natEnabled>true</, '<natEnabled>false<'],
    [/<urAccepted>0</, '<urAccepted>-1<'],
    [/<crashReportingEnabled>true</, '<crashReportingEnabled>false<'],
  ];
  for (const [pattern, replacement] of replacements) {
    if (!pattern.test(xml)) throw new TidingsError(MODULE, file, `config.xml has no ${pattern.source}`);
    xml = xml.replace(pattern, replacement);
  }
  writeFileSync(file, xml);
}

function collectLines(stream: NodeJS.ReadableStream | null, lines: string[]): void {
  if (!stream) return;
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
    if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES);
  });
}

async function launch(name: 'A' | 'B'): Promise<Running> {
  const { home, deviceId } = generateHome(name);
  const [guiPort, listenPort] = [await freePort(), await freePort()];
  closeNetwork(home, listenPort);
  const apiKey = randomBytes(18).toString('hex');
  const child = spawn(
    BINARY,
    ['serve', `--home=${home}`, '--no-browser', '--no-restart', `--gui-address=http://127.0.0.1:${guiPort}`, `--gui-apikey=${apiKey}`],
    {
      // STMONITORED tells v1.19 it is already the monitored child: one process instead of a
      // monitor plus a child in its own session, which a kill of the monitor would orphan.
      env: { ...process.env, STNODEFAULTFOLDER: '1', STNOUPGRADE: '1', STNORESTART: '1', STMONITORED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  collectLines(child.stdout, lines);
  collectLines(child.stderr, lines);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    // A spawn that fails (binary gone) emits 'error' and no 'exit': the REST wait then says so.
    child.once('error', (error) => {
      lines.push(`spawn ${BINARY}: ${error.message}`);
      resolve();
    });
  });
  const running: Running = {
    name, home, deviceId, guiPort, listenPort, apiKey, child, lines, exited,
    pid: child.pid ?? -1,
    log: () => [...lines],
  };
  alive.add(running);
  void exited.then(() => alive.delete(running));
  return running;
}

async function rest(instance: Running, method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${instance.guiPort}${route}`, {
    method,
    headers: { 'X-API-Key': instance.apiKey, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new TidingsError(MODULE, `${instance.name} ${method} ${route}`, `${response.status} ${text.trim()}`);
  }
  return text === '' ? null : (JSON.parse(text) as unknown);
}

function logsOf(...instances: Running[]): string {
  return instances.map((i) => `--- syncthing ${i.name} (${i.deviceId.slice(0, 7)}) log ---\n${i.lines.join('\n')}`).join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitForApi(instance: Running, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedEarly = false;
  void instance.exited.then(() => (exitedEarly = true));
  while (Date.now() < deadline && !exitedEarly) {
    try {
      await rest(instance, 'GET', '/rest/system/ping');
      return;
    } catch {
      await sleep(100);
    }
  }
  const why = exitedEarly ? 'exited before its REST API answered' : `REST API not up after ${timeoutMs} ms`;
  throw new TidingsError(MODULE, instance.home, `${why}\n${logsOf(instance)}`);
}

async function configure(self: Running, other: Running, folders: FolderSpec[]): Promise<void> {
  await rest(self, 'PATCH', '/rest/config/options', networkOptions(self.listenPort));
  await rest(self, 'POST', '/rest/config/devices', {
    deviceID: other.deviceId,
    name: other.name,
    addresses: [`tcp://127.0.0.1:${other.listenPort}`],
    autoAcceptFolders: false,
  });
  for (const folder of folders) {
    const dir = self.name === 'A' ? folder.dirA : folder.dirB;
    mkdirSync(dir, { recursive: true });
    if (folder.ignore) writeFileSync(path.join(dir, '.stignore'), folder.ignore.map((line) => `${line}\n`).join(''));
    await rest(self, 'POST', '/rest/config/folders', {
      id: folder.id,
      label: folder.id,
      path: dir,
      type: 'sendreceive',
      devices: [{ deviceID: self.deviceId }, { deviceID: other.deviceId }],
      rescanIntervalS: 10,
      fsWatcherEnabled: true,
      fsWatcherDelayS: 1,
    });
  }
}

/** v1.19 applies all of the above without a restart; a version that does not must fail here, not later. */
async function requireLiveConfig(instance: Running): Promise<void> {
  const answer = (await rest(instance, 'GET', '/rest/config/restart-required')) as { requiresRestart?: boolean };
  if (answer.requiresRestart !== false) {
    throw new TidingsError(MODULE, instance.home, `the REST configuration needs a restart to apply\n${logsOf(instance)}`);
  }
}

interface FolderState {
  state: string;
  needTotalItems: number;
  pullErrors: number;
  globalFiles: number;
  globalDirectories: number;
  globalBytes: number;
  inSyncFiles: number;
  localFiles: number;
}

interface Completion {
  completion: number;
  needItems: number;
  needDeletes: number;
}

/** One side's view: its own folder state, and how complete it believes the other side is. */
async function sideView(self: Running, other: Running, folderId: string): Promise<{ ok: boolean; summary: string; global: string }> {
  const q = encodeURIComponent(folderId);
  const connections = (await rest(self, 'GET', '/rest/system/connections')) as { connections: Record<string, { connected: boolean }> };
  const connected = connections.connections[other.deviceId]?.connected === true;
  const status = (await rest(self, 'GET', `/rest/db/status?folder=${q}`)) as FolderState;
  const remote = (await rest(self, 'GET', `/rest/db/completion?folder=${q}&device=${other.deviceId}`)) as Completion;
  const ok =
    connected && status.state === 'idle' && status.needTotalItems === 0 && status.pullErrors === 0 &&
    remote.completion === 100 && remote.needItems === 0 && remote.needDeletes === 0;
  const summary = `${self.name}: connected=${connected} state=${status.state} need=${status.needTotalItems} pullErrors=${status.pullErrors} ` +
    `global=${status.globalFiles}f/${status.globalBytes}B local=${status.localFiles}f, sees ${other.name} at ${remote.completion}%`;
  return { ok, summary, global: `${status.globalFiles}/${status.globalDirectories}/${status.globalBytes}` };
}

async function waitInSync(a: Running, b: Running, folderId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let calm = 0;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const [viewA, viewB] = await Promise.all([sideView(a, b, folderId), sideView(b, a, folderId)]);
      last = `${viewA.summary}; ${viewB.summary}`;
      // Twice in a row: an index update in flight can make one poll look settled.
      calm = viewA.ok && viewB.ok && viewA.global === viewB.global ? calm + 1 : 0;
      if (calm >= 2) return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
      calm = 0;
    }
    await sleep(150);
  }
  throw new TidingsError(MODULE, folderId, `not in sync after ${timeoutMs} ms (${last})\n${logsOf(a, b)}`);
}

async function stopOne(instance: Running): Promise<void> {
  if (instance.child.exitCode === null && instance.child.signalCode === null) {
    await rest(instance, 'POST', '/rest/system/shutdown').catch(() => undefined);
    const graceful = await Promise.race([instance.exited.then(() => true), sleep(5_000).then(() => false)]);
    if (!graceful) {
      killTree(instance);
      await instance.exited;
    }
  }
  alive.delete(instance);
  rmSync(instance.home, { recursive: true, force: true });
}

/** Starts two instances, connects them to each other over 127.0.0.1 and shares the folders both ways. */
export async function startPair(options: PairOptions): Promise<Pair> {
  installExitHook();
  const a = await launch('A');
  const b = await launch('B').catch(async (error: unknown) => {
    await stopOne(a);
    throw error;
  });
  const stop = async (): Promise<void> => {
    await Promise.all([stopOne(a), stopOne(b)]);
  };
  try {
    await Promise.all([waitForApi(a, 20_000), waitForApi(b, 20_000)]);
    await configure(a, b, options.folders);
    await configure(b, a, options.folders);
    await requireLiveConfig(a);
    await requireLiveConfig(b);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    a,
    b,
    waitInSync: (folderId, timeoutMs = 30_000) => waitInSync(a, b, folderId, timeoutMs),
    rescan: async (folderId) => {
      const q = encodeURIComponent(folderId);
      await Promise.all([rest(a, 'POST', `/rest/db/scan?folder=${q}`), rest(b, 'POST', `/rest/db/scan?folder=${q}`)]);
    },
    request: (side, method, route, body) => rest(side === 'A' ? a : b, method, route, body),
    stop,
  };
}
