// The store at 50,000 articles (issue 12, "Write cost"): what one mutation costs the caller
// (setStarred, setRead, tagArticles on 200 different articles), against the old way of making a
// change durable, a whole library.json write (`archive.flush()` after one change). A mutation
// counts as durable only when journal/ grew before its call resolved; one answered before
// anything is written cannot meet the goal however fast it returns. The mutation's baseline is
// the disk's floor, a plain append + fdatasync in the same folder. Also: a flush against a plain
// JSON.stringify + writeFile of the same data, and the time to open the archive.
// Run alone: `npm run bench -- store`.

import { promises as fs, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import type { LibraryData } from '../../src/model/index.js';
import { ms, percentile, round, type Metric, type Scenario, type ScenarioResult } from '../harness.js';
import { articleId, generateLibrary, writeLibrary } from '../store-library.js';

export interface StoreSize {
  articles: number;
  feeds: number;
  /** Different articles each mutation is applied to. */
  mutated: number;
  flushes: number;
  opens: number;
}

const FULL: StoreSize = { articles: 50_000, feeds: 200, mutated: 200, flushes: 10, opens: 3 };
const WRITE_GOAL_MS = 5;

type Operation = 'setStarred' | 'setRead' | 'tagArticles';
const OPERATIONS: Operation[] = ['setStarred', 'setRead', 'tagArticles'];

const scenario: Scenario = {
  name: 'store',
  description: describeScenario(FULL),
  run: (workDir) => measureStore(workDir, FULL),
};

export default scenario;

function describeScenario(size: StoreSize): string {
  return `library.json with ${size.articles.toLocaleString('en')} articles and ${size.feeds} feeds (metadata only; bodies live in articles/): one mutation against one whole-library flush.`;
}

export async function measureStore(workDir: string, size: StoreSize): Promise<ScenarioResult> {
  const dataDir = path.join(workDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const data = generateLibrary(size.articles, size.feeds);
  const bytes = writeLibrary(dataDir, data);
  await buildSearchIndex(dataDir, size.articles);
  const opens = await timeOpens(dataDir, size.opens);

  const journalDir = path.join(dataDir, 'journal');
  const archive = await openArchive(dataDir);
  let mutations: MutationRun;
  let flushes: FlushRun;
  try {
    mutations = await runMutations(archive, data, journalDir, size);
    flushes = await runFlushes(archive, data, dataDir, size);
  } finally {
    await archive.close();
  }
  const journalBytes = dirBytes(journalDir);
  const journalExists = exists(journalDir);
  const baselines = await timePlainWrites(workDir, dataDir, size.flushes);
  const appends = await timeAppends(dataDir, mutations.all.length);
  return report(size, { bytes, opens, mutations, flushes, baselines, appends, journalBytes, journalExists });
}

/** Search builds its index on a worker when it is missing: let it, so what follows is the steady state a user lives in. */
async function buildSearchIndex(dataDir: string, expected: number): Promise<void> {
  const archive = await openArchive(dataDir);
  try {
    const { articles } = await archive.stats();
    // A record the generator got wrong would be set aside at open and the figures would be for a smaller archive.
    if (articles !== expected) throw new Error(`store bench: ${articles} of ${expected} generated articles opened (${archive.notices.join(' ')})`);
    await archive.search('story');
  } finally {
    await archive.close();
  }
}

async function timeOpens(dataDir: string, count: number): Promise<number[]> {
  const opens: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    const archive = await openArchive(dataDir);
    opens.push(ms(start));
    await archive.close();
  }
  return opens;
}

interface MutationRun {
  all: number[];
  byOperation: Map<Operation, number[]>;
  /** Mutations whose journal append was on disk when the call resolved. */
  appended: number;
  /** Bytes journal/ grew by while the mutations ran: one line each if a change is an append. */
  journalGrowth: number;
}

async function runMutations(archive: Archive, data: LibraryData, journalDir: string, size: StoreSize): Promise<MutationRun> {
  const run: MutationRun = { all: [], byOperation: new Map(OPERATIONS.map((op) => [op, []])), appended: 0, journalGrowth: 0 };
  const before = dirBytes(journalDir);
  for (let i = 0; i < size.mutated; i++) {
    const id = mutatedId(i, size);
    for (const operation of OPERATIONS) {
      const result = await timedMutation(journalDir, () => mutate(archive, data, operation, id, i));
      run.all.push(result.ms);
      run.byOperation.get(operation)!.push(result.ms);
      if (result.appended) run.appended++;
    }
  }
  run.journalGrowth = dirBytes(journalDir) - before;
  return run;
}

/** Spread over the whole archive, each a different article (the stride is prime to the count). */
function mutatedId(i: number, size: StoreSize): string {
  let stride = 7919;
  while (gcd(stride, size.articles) !== 1) stride += 2;
  return articleId((i * stride) % size.articles);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Each call changes the article (a value it does not have yet), so no store can skip it as a
 * no-op. The state is read from our copy of the generated data, kept in step, so nothing but the
 * mutation itself is timed.
 */
function mutate(archive: Archive, data: LibraryData, operation: Operation, id: string, i: number): Promise<number> {
  const article = data.articles[id];
  if (!article) throw new Error(`store bench: article ${id} is missing`);
  if (operation === 'setStarred') return archive.setStarred([id], (article.starred = !article.starred));
  if (operation === 'setRead') return archive.setRead([id], (article.read = !article.read));
  const tag = `bench-${i % 20}`;
  article.tags = [...article.tags, tag];
  return archive.tagArticles([id], [tag]);
}

/**
 * Times one mutation and says whether journal/ grew before it resolved: the mark of a change
 * made durable before it is acknowledged. A change written later (a timer, a background flush)
 * is not counted.
 */
export async function timedMutation(journalDir: string, mutation: () => Promise<unknown>): Promise<{ ms: number; appended: boolean }> {
  const before = dirBytes(journalDir);
  const start = process.hrtime.bigint();
  await mutation();
  const elapsed = ms(start);
  return { ms: elapsed, appended: dirBytes(journalDir) > before };
}

/** Bytes of the files in a folder and its subfolders; 0 when it does not exist. */
export function dirBytes(dir: string): number {
  if (!exists(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += dirBytes(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

function exists(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

interface FlushRun {
  times: number[];
  /** Flushes after which library.json was a new file or had a new modification time. */
  rewrites: number;
}

/** The old durability point: one change, then the whole library written (atomic write with fsync). */
async function runFlushes(archive: Archive, data: LibraryData, dataDir: string, size: StoreSize): Promise<FlushRun> {
  const library = path.join(dataDir, 'library.json');
  const run: FlushRun = { times: [], rewrites: 0 };
  await archive.flush();
  for (let i = 0; i < size.flushes; i++) {
    const id = articleId(size.articles - 1 - i);
    await mutate(archive, data, 'setStarred', id, i);
    const before = fileStamp(library);
    const start = process.hrtime.bigint();
    await archive.flush();
    run.times.push(ms(start));
    if (fileStamp(library) !== before) run.rewrites++;
  }
  return run;
}

function fileStamp(file: string): string {
  const stat = statSync(file, { bigint: true });
  return `${stat.ino}:${stat.mtimeNs}:${stat.size}`;
}

/** The floor of any whole-library write: JSON.stringify + writeFile of the same data, no fsync. */
async function timePlainWrites(workDir: string, dataDir: string, count: number): Promise<number[]> {
  const target = path.join(workDir, 'baseline.json');
  const current = JSON.parse(await fs.readFile(path.join(dataDir, 'library.json'), 'utf8')) as LibraryData;
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await fs.writeFile(target, JSON.stringify(current));
    times.push(ms(start));
  }
  return times;
}

/**
 * The disk's floor for a durable change, in the same folder: append one journal-sized line and
 * fdatasync, as many times as there were mutations. A journaled mutation cannot beat it.
 */
async function timeAppends(dataDir: string, count: number): Promise<number[]> {
  const file = path.join(dataDir, 'bench-append-floor.jsonl');
  const handle = await fs.open(file, 'a');
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const line = `${JSON.stringify({ hlc: `${Date.now()}:${i}:bench-device`, device: 'bench-device', op: 'setStarred', ids: [articleId(i)], value: i % 2 === 0 })}\n`;
      const start = process.hrtime.bigint();
      await handle.write(line);
      await handle.datasync();
      times.push(ms(start));
    }
  } finally {
    await handle.close();
    await fs.rm(file, { force: true });
  }
  return times;
}

interface Figures {
  bytes: number;
  opens: number[];
  mutations: MutationRun;
  flushes: FlushRun;
  baselines: number[];
  appends: number[];
  journalBytes: number;
  journalExists: boolean;
}

function report(size: StoreSize, f: Figures): ScenarioResult {
  const count = f.mutations.all.length;
  const durable = count > 0 && f.mutations.appended === count;
  const mutationP95 = percentile(f.mutations.all, 95);
  const appendP95 = percentile(f.appends, 95);
  const flushP50 = percentile(f.flushes.times, 50);
  const flushP95 = percentile(f.flushes.times, 95);
  const baseline = percentile(f.baselines, 50);
  const open = percentile(f.opens, 50);
  const metrics: Metric[] = [
    { name: 'library.json size', value: round(f.bytes / 1024 / 1024, 1), unit: 'MB' },
    { name: 'mutation p50', value: round(percentile(f.mutations.all, 50), 3), unit: 'ms' },
    // The goal is a durable change: one acknowledged before anything is written does not meet it.
    { name: 'mutation p95', value: round(mutationP95, 3), unit: 'ms', baseline: round(appendP95, 3), goal: `< ${WRITE_GOAL_MS} ms, durable`, pass: durable && mutationP95 < WRITE_GOAL_MS },
    ...OPERATIONS.map((op): Metric => ({ name: `${op} p95`, value: round(percentile(f.mutations.byOperation.get(op)!, 95), 3), unit: 'ms' })),
    { name: 'durable', value: durable ? 1 : 0, unit: '(1 = yes)', goal: '1', pass: durable },
    { name: 'append+fdatasync p50', value: round(percentile(f.appends, 50), 3), unit: 'ms' },
    { name: 'append+fdatasync p95', value: round(appendP95, 3), unit: 'ms' },
    { name: 'mutation / append+fdatasync (p95)', value: round(mutationP95 / appendP95, 2), unit: 'x' },
    { name: 'old flush p50', value: round(flushP50, 1), unit: 'ms' },
    { name: 'old flush p95', value: round(flushP95, 1), unit: 'ms' },
    { name: 'old flush / mutation (p95)', value: round(flushP95 / mutationP95, 1), unit: 'x' },
    { name: `one flush (median of ${size.flushes})`, value: round(flushP50, 1), unit: 'ms', baseline: round(baseline, 1), goal: '<= 1.5x stringify+write', pass: flushP50 <= 1.5 * baseline },
    { name: 'flush / baseline', value: round(flushP50 / baseline, 2), unit: 'x' },
    { name: 'journal/ growth per mutation', value: round(count ? f.mutations.journalGrowth / count : 0, 0), unit: 'bytes' },
    { name: 'journal/ size after the run', value: round(f.journalBytes / 1024, 1), unit: 'KB' },
    { name: `open (median of ${size.opens})`, value: round(open, 0), unit: 'ms', goal: '< 1000 ms', pass: open < 1000 },
  ];
  return { scenario: 'store', description: describeScenario(size), metrics, notes: notes(size, f, durable) };
}

function notes(size: StoreSize, f: Figures, durable: boolean): string[] {
  const count = f.mutations.all.length;
  return [
    `${count} mutations (setStarred, setRead, tagArticles on ${size.mutated} different articles), each awaited alone; ${f.mutations.appended} of them had appended to journal/ when the call resolved.`,
    durable
      ? 'durable: every mutation was in journal/ when its call resolved.'
      : `durable: false${f.journalExists ? '' : ' (no journal/ folder)'}: the mutation time is an in-memory change, made durable only by a later whole-library flush (250 ms to 2 s on), so the old flush is what a durable change costs and the old flush / mutation ratio compares unlike things.`,
    `append+fdatasync: the disk's floor for one durable change, measured in the data folder in the same run (one line of about 150 bytes, then fdatasync, ${count} times); it is the baseline of the mutation p95.`,
    `old flush: archive.flush() after one change, ${size.flushes} times; ${f.flushes.rewrites} of ${size.flushes} rewrote library.json (temp file, fsync, rename, fsync of the folder). The baseline is a plain writeFile of the same JSON without fsync.`,
    f.journalExists
      ? `journal/ grew by ${f.mutations.journalGrowth} bytes during the ${count} mutations and holds ${f.journalBytes} bytes after the archive closed.`
      : 'journal/ does not exist after the run.',
  ];
}
