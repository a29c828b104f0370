// Durability of an acknowledged change (issue 12, "Durability"): through browser mode, a
// `setStarred` answered 200 and then SIGKILL within 5 ms: the star is there at the next open,
// 50 rounds out of 50. `tidings serve` runs as a user runs it (a child process over a data dir,
// the per-run token from its one line); the kill is sent from inside the response callback, so
// no write the server had merely scheduled can finish before the process is gone.
//
// The archive holds several hundred articles first (a feed refreshed from 127.0.0.1), so that a
// write of the whole library takes time, as it does in real use.
//
// A SIGKILLed server leaves its folder lock behind; the next open takes it over because its
// owner's pid is dead (src/store/lock.ts). The test waits for the child's exit (the pid reaped)
// before the next open: an unreaped zombie still answers kill(pid, 0) and would look alive.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/index.js';
import { type Bundle, bundle } from '../cli/bundle.js';
import { type LocalServer, startServer } from '../net/local-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROUNDS = 50;
const ARTICLES = 600;
/** The bound between the 200 and the SIGKILL. */
const KILL_WITHIN_MS = 5;
/**
 * A round whose kill came later (this test process was not scheduled in time: two cores, shared)
 * gave the server more time than the claim allows, so it proves nothing either way: it is run
 * again with another article, this many times at most.
 */
const MAX_LATE_KILLS = 15;
const LANES = 2;

interface Serving {
  child: ChildProcess;
  port: number;
  token: string;
  exited: Promise<void>;
}

/** Holds the filled archive (`dataDir`) and the lanes' copies of it. */
let workDir = '';
let dataDir = '';
/** The command line, bundled: each round starts a server, and through tsx a start cost 1.5 s of CPU. */
let cli: Bundle | null = null;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tidings-durable-ack-'));
  dataDir = path.join(workDir, 'archive');
  cli = await bundle('src/cli/main.ts');
  await fillArchive(dataDir, ARTICLES);
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (workDir) await fs.rm(workDir, { recursive: true, force: true });
  cli?.remove();
});

/** A feed of `count` items with their full text in the feed (no page to fetch), added and closed. */
async function fillArchive(dir: string, count: number): Promise<void> {
  const paragraph = '<p>The harbour board met again on Thursday and, after a long and patient debate about the tides, agreed to keep the north pier lit through the winter.</p>';
  const item = (origin: string, n: number) =>
    `<item><guid>durable-${n}</guid><title>Harbour note ${n}</title><link>${origin}/notes/${n}.html</link>` +
    `<pubDate>${new Date(Date.UTC(2025, 0, 1) + n * 60_000).toUTCString()}</pubDate>` +
    `<content:encoded><![CDATA[${paragraph.repeat(6)}]]></content:encoded></item>`;
  const site: LocalServer = await startServer((req, res) => {
    if (req.url !== '/feed.xml') return res.writeHead(404).end('not a fixture');
    const items = Array.from({ length: count }, (_, n) => item(site.origin, n)).join('');
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
      `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbour notes</title><link>${site.origin}/</link><description>d</description>${items}</channel></rss>`,
    );
  });
  try {
    const archive = await openArchive(dir);
    try {
      const added = await archive.addFeed(site.url('/feed.xml'), { fullText: 'never' });
      if (added.status !== 'added' || added.newArticles !== count) throw new Error(`the fixture feed was not added whole: ${JSON.stringify(added).slice(0, 200)}`);
    } finally {
      await archive.close();
    }
  } finally {
    await site.close();
  }
}

/** `tidings serve` over `dir` as a child process; resolves once it printed its address. */
async function serve(dir: string): Promise<Serving> {
  const child = spawn(process.execPath, [cli!.file, '--data-dir', dir, 'serve', `--static=${path.join(dir, 'no-app')}`], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', () => reject(new Error(`serve exited before printing its address: ${err}`)));
  });
  const match = /^Tidings is serving http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{64})$/.exec(line);
  if (!match) throw new Error(`serve printed an unexpected line: ${line}`);
  return { child, port: Number(match[1]), token: match[2]!, exited };
}

function request(server: Serving, method: string, args: unknown[], onResponse: (res: http.IncomingMessage) => void, onError: (error: Error) => void): void {
  const body = JSON.stringify(args);
  const req = http.request({
    host: '127.0.0.1',
    port: server.port,
    path: `/api/call/${method}`,
    method: 'POST',
    agent: false,
    headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${server.token}` },
  }, onResponse);
  req.on('error', onError);
  req.end(body);
}

/** An ordinary call: its result, or a thrown error with the server's answer. */
function call<T>(server: Serving, method: string, args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) => {
    request(server, method, args, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => (res.statusCode === 200 ? resolve((JSON.parse(text) as { result: T }).result) : reject(new Error(`${method}: ${res.statusCode} ${text}`))));
    }, reject);
  });
}

/**
 * Call `method` and SIGKILL the server the moment its answer's status line arrives, from the
 * response callback itself. Returns the status and the time from the answer to the kill.
 */
function callThenKill(server: Serving, method: string, args: unknown[]): Promise<{ status: number; gapMs: number }> {
  return new Promise((resolve, reject) => {
    request(server, method, args, (res) => {
      const answered = performance.now();
      process.kill(server.child.pid!, 'SIGKILL');
      resolve({ status: res.statusCode ?? 0, gapMs: performance.now() - answered });
      res.on('error', () => undefined); // the rest of the answer dies with the server: expected
      res.resume();
    }, (error) => reject(new Error(`${method}: no answer: ${error.message}`)));
  });
}

async function starredIds(server: Serving): Promise<Set<string>> {
  const page = await call<{ items: { id: string }[] }>(server, 'listArticles', [{ view: 'starred', limit: ARTICLES + 10 }]);
  return new Set(page.items.map((a) => a.id));
}

/** `count` articles whose star is off, each used once so that no earlier round can pass for a later one. */
async function unstarredIds(server: Serving, count: number): Promise<string[]> {
  const page = await call<{ items: { id: string; starred: boolean }[] }>(server, 'listArticles', [{ view: 'all', limit: ARTICLES + 10 }]);
  const ids = page.items.filter((a) => !a.starred).map((a) => a.id);
  if (ids.length < count) throw new Error(`the archive has only ${ids.length} unstarred articles`);
  return ids.slice(0, count);
}

interface Rounds {
  rounds: number;
  kept: number;
  lateKills: number;
  refused: number[];
}

/**
 * `count` rounds over `dir`: star an article, SIGKILL at the 200, open again (the next round's
 * server, and one more after the last round) and look for the star.
 */
async function runRounds(dir: string, count: number): Promise<Rounds> {
  let server = await serve(dir);
  const targets = await unstarredIds(server, count + MAX_LATE_KILLS);
  const result: Rounds = { rounds: 0, kept: 0, lateKills: 0, refused: [] };
  for (const id of targets) {
    if (result.rounds === count) break;
    const { status, gapMs } = await callThenKill(server, 'setStarred', [[id], true]);
    await server.exited;
    server = await serve(dir);
    if (status !== 200) result.refused.push(status);
    else if (gapMs >= KILL_WITHIN_MS) result.lateKills++;
    else {
      result.rounds++;
      if ((await starredIds(server)).has(id)) result.kept++;
    }
  }
  server.child.kill('SIGTERM');
  await server.exited;
  return result;
}

describe('an acknowledged change survives SIGKILL (browser mode)', () => {
  it(`setStarred answered 200, then SIGKILL within ${KILL_WITHIN_MS} ms: the star is there at the next open, ${ROUNDS} rounds of ${ROUNDS}`, { timeout: 400_000 }, async () => {
    // Each start of the server costs a second or more of CPU (mostly loading its modules): the
    // rounds run in two lanes, each over its own copy of the archive, to use both cores.
    const lanes = await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        const dir = path.join(workDir, `lane-${lane}`);
        await fs.cp(dataDir, dir, { recursive: true });
        return runRounds(dir, ROUNDS / LANES);
      }),
    );
    const sum = (pick: (r: Rounds) => number) => lanes.reduce((n, r) => n + pick(r), 0);
    expect(lanes.flatMap((r) => r.refused)).toEqual([]);
    expect({ rounds: sum((r) => r.rounds), kept: sum((r) => r.kept) }, `${sum((r) => r.lateKills)} rounds killed late and run again`).toEqual({ rounds: ROUNDS, kept: ROUNDS });
  });

  it('after a setStarred 200 and SIGKILL, even while a write of the library is under way, the archive opens with no damage notice', { timeout: 120_000 }, async () => {
    const setup = await serve(dataDir);
    const ids = await unstarredIds(setup, 10);
    setup.child.kill('SIGTERM');
    await setup.exited;
    // The pause between a first change and the killed one moves the kill across the moment when
    // the first change is being written (today: a whole library.json, 250 ms or more after it).
    const pausesMs = [0, 240, 260, 300, 400];
    const damaged: string[] = [];
    for (const [round, pause] of pausesMs.entries()) {
      const server = await serve(dataDir);
      await call(server, 'setStarred', [[ids[2 * round]!], true]);
      await new Promise((resolve) => setTimeout(resolve, pause));
      const { status } = await callThenKill(server, 'setStarred', [[ids[2 * round + 1]!], true]);
      expect(status).toBe(200);
      await server.exited;

      const library = path.join(dataDir, 'library.json');
      if (existsSync(library)) expect(() => JSON.parse(readFileSync(library, 'utf8')) as unknown, `library.json after round ${round}`).not.toThrow();
      const archive = await openArchive(dataDir);
      damaged.push(...archive.notices.filter((n) => /damaged|corrupt|restored|lost/i.test(n)).map((n) => `round ${round}: ${n}`));
      await archive.close();
    }
    expect(damaged).toEqual([]);
  });
});

