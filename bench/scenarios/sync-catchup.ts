// A machine catching up (issue 16): 50,000 articles (one in four with highlights) and a journal of
// 100,000 operations from another device, the mix a reader makes (read and starred flags, tags,
// highlights made and removed). What `pull()` costs, against the floor of any replay on the same
// file: read it, JSON.parse each line and write its values into a plain copy of the records.
// Run alone: `npm run bench -- sync-catchup`.
//
// Measured back to back on the 2-core CI machine (2026-11-29), the code before and after each op
// was checked once and highlights rebuilt only by ops that change them: pull 4.3-4.6 s before,
// 4.7-5.0 s after (noise is about 10%): no gain; the figures of 19 s and 11 s in that commit's
// message were taken under other load. Where a pull's time goes (a CPU profile): planRecord's
// copies, inFieldOrder rebuilding the whole record, and the whole record validated again on every
// op (journalRecordProblem), each several times what the checks removed cost; a hand copy of
// the clock instead of structuredClone gave about 6%. A record already in field order is no longer
// rebuilt per op: 3.9 s against the old code's 4.2-4.6 s (about 10%).

import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Highlight, LibraryData } from '../../src/model/index.js';
import { Library } from '../../src/store/library.js';
import { ms, percentile, round, type Scenario, type ScenarioResult } from '../harness.js';
import { articleId, generateLibrary, writeLibrary } from '../store-library.js';

export interface CatchupSize {
  articles: number;
  ops: number;
  runs: number;
}

const FULL: CatchupSize = { articles: 50_000, ops: 100_000, runs: 3 };
const OTHER = 'abcdef012345';

const scenario: Scenario = {
  name: 'sync-catchup',
  description: `${FULL.articles.toLocaleString('en')} articles (one in four with 5 highlights) pull a journal of ${FULL.ops.toLocaleString('en')} operations from another device (flags, tags, highlights): pull() against reading and parsing the same lines into a plain copy.`,
  run: (workDir) => measureCatchup(workDir, FULL),
};

export default scenario;

export interface CatchupRun {
  result: ScenarioResult;
  /** What the last pull applied, and left out. */
  applied: number;
  rejected: number;
  skipped: string[];
  dataDir: string;
}

export async function measureCatchup(workDir: string, size: CatchupSize): Promise<ScenarioResult> {
  return (await runCatchup(workDir, size)).result;
}

export async function runCatchup(workDir: string, size: CatchupSize): Promise<CatchupRun> {
  const base = path.join(workDir, 'base');
  mkdirSync(base, { recursive: true });
  const data = withHighlights(generateLibrary(size.articles, 20));
  writeLibrary(base, data);
  // Our own journal and clocks (the genesis), written once; each run starts from a copy.
  const first = await Library.open(base);
  await first.close();
  const journal = path.join(workDir, `${OTHER}.jsonl`);
  writeFileSync(journal, otherJournal(size));

  const pulls: number[] = [];
  const floors: number[] = [];
  let last: Awaited<ReturnType<Library['pull']>> = { applied: [], skipped: [] };
  let dataDir = '';
  for (let r = 0; r < size.runs; r++) {
    dataDir = path.join(workDir, `run${r}`);
    cpSync(base, dataDir, { recursive: true });
    const library = await Library.open(dataDir);
    cpSync(journal, path.join(dataDir, 'journal', `${OTHER}.jsonl`));
    const start = process.hrtime.bigint();
    last = await library.pull();
    pulls.push(ms(start));
    await library.close();
    floors.push(plainReplay(journal, data));
  }
  const pull = percentile(pulls, 50);
  const floor = percentile(floors, 50);
  const rejected = last.applied.filter((a) => a.effect === 'rejected').length;
  return {
    applied: last.applied.length,
    rejected,
    skipped: last.skipped,
    dataDir,
    result: {
      scenario: scenario.name,
      description: scenario.description,
      metrics: [
        { name: 'pull (median)', value: round(pull, 0), unit: 'ms', baseline: round(floor, 0) },
        { name: 'per operation', value: round((pull * 1000) / size.ops, 2), unit: 'µs' },
        { name: 'ratio to the plain replay', value: round(pull / floor, 1), unit: 'x' },
      ],
      notes: [`${size.runs} runs; ${last.applied.length} operations applied, ${rejected} refused, ${last.skipped.length} left out.`],
    },
  };
}

function withHighlights(data: LibraryData): LibraryData {
  Object.values(data.articles).forEach((a, i) => {
    if (i % 4 === 0) a.highlights = Array.from({ length: 5 }, (_, n) => highlight(`h${i}x${n}`, n));
  });
  return data;
}

function highlight(id: string, n: number): Highlight {
  return {
    id,
    quote: { type: 'TextQuoteSelector', exact: `passage ${id}`, prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector', start: n * 10, end: n * 10 + 5 },
    color: 'yellow',
    note: null,
    createdAt: `2026-11-28T10:${String(n).padStart(2, '0')}:00.000Z`,
  };
}

/** 100,000 lines in a reader's mix: 45% read/starred, 40% tags, 15% highlights (made or removed). */
function otherJournal(size: CatchupSize): string {
  const now = Date.now() - 60_000;
  const hlc = (step: number): string => `${String(now).padStart(13, '0')}.${String(step % 1_000_000).padStart(6, '0')}.${OTHER}`;
  const lines = [JSON.stringify({ journal: 1, device: OTHER, epoch: `${String(now - 1).padStart(13, '0')}.000000.${OTHER}` })];
  for (let n = 0; n < size.ops; n++) {
    const i = (n * 7919) % size.articles; // spread over the whole archive
    const k = `a:${articleId(i)}`;
    const h = hlc(n + 1);
    const kind = n % 20;
    if (kind < 9) lines.push(JSON.stringify({ h, k, o: 'set', v: kind % 3 === 0 ? { starred: n % 2 === 0 } : { read: n % 2 === 0 } }));
    else if (kind < 17) lines.push(JSON.stringify({ h, k, o: 'tag', t: `tag${n % 30}`, on: kind % 2 === 0 }));
    else if (kind < 19) lines.push(JSON.stringify({ h, k, o: 'hl', id: `r${n}`, v: highlight(`r${n}`, 9) }));
    else lines.push(JSON.stringify({ h, k, o: 'hl', id: `h${i - (i % 4)}x1`, v: null }));
  }
  return `${lines.join('\n')}\n`;
}

/** The floor of any replay: the file read, each line parsed, its values written into a copy of its record. */
function plainReplay(file: string, data: LibraryData): number {
  const records = new Map(Object.entries(data.articles).map(([id, a]) => [`a:${id}`, { ...a } as Record<string, unknown>]));
  const start = process.hrtime.bigint();
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  for (let n = 1; n < lines.length; n++) {
    if (!lines[n]) continue;
    const op = JSON.parse(lines[n]!) as { k: string; o: string; v?: Record<string, unknown>; t?: string; on?: boolean; id?: string };
    const record = records.get(op.k);
    if (!record) continue;
    if (op.o === 'set') Object.assign(record, op.v);
    else if (op.o === 'tag') record.tags = op.on ? [...(record.tags as string[]), op.t] : (record.tags as string[]).filter((t) => t !== op.t);
    else if (op.o === 'hl') record.highlights = [...((record.highlights as unknown[] | undefined) ?? []), op.v];
  }
  return ms(start);
}
