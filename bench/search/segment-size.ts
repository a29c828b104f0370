// Size, open time, memory and query time of the on-disk segment alone (no archive, no FTS5):
// a quick check for work on the segment format, lighter than the whole search scenario.
// Usage: npx tsx bench/search/segment-size.ts [docs] [dir]   (prints one JSON line)
// The open time and RSS are measured in a fresh child process (`open` mode).

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tokenize } from '../../src/search/fold.js';
import { MemoryIndex } from '../../src/search/memory-index.js';
import { Segment, SegmentBuilder } from '../../src/search/segment.js';
import { makeDocs } from './corpus.js';

const QUERIES: [words: string, prefix: boolean, phrase: boolean][] = [
  ['software', false, false], ['turkey', false, false], ['hermitian', false, false], ['the', false, false],
  ['president obama', false, false], ['software source code', false, false], ['open source', false, true],
  ['the president', false, true], ['in the', false, true], ['pro', true, false], ['prog', true, false],
  ['metro', true, false], ['donnees', false, false], ['deputes controle', false, false], ['things business', false, false],
];

function ms(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

function percentile(times: number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function query(index: MemoryIndex, words: string, prefix: boolean, phrase: boolean): number {
  const tokens = tokenize(words);
  if (phrase) return index.lookup(tokens, prefix).docs.length;
  let n = 0;
  tokens.forEach((t, i) => (n += index.lookup([t], prefix && i === tokens.length - 1).docs.length));
  return n;
}

if (process.argv[2] === 'open') {
  const start = process.hrtime.bigint();
  const segment = Segment.decode(readFileSync(process.argv[3]!), false);
  const index = new MemoryIndex(segment);
  const openMs = ms(start);
  index.lookup(['the'], false);
  process.stdout.write(JSON.stringify({ openMs, rssMb: process.memoryUsage().rss / 2 ** 20 }));
} else {
  const count = Number(process.argv[2] ?? 20000);
  const dir = process.argv[3] ?? '/tmp';
  const docs = makeDocs(count, 4096);
  const textMb = docs.reduce((n, d) => n + Buffer.byteLength(d.title) + Buffer.byteLength(d.body), 0) / 2 ** 20;
  let start = process.hrtime.bigint();
  const builder = new SegmentBuilder();
  for (const d of docs) builder.add({ id: d.id, hash: 'h', title: d.title, byline: '', site: '', body: d.body });
  const bytes = builder.encode();
  const buildMs = ms(start);
  const file = path.join(dir, 'segment-size.bin');
  writeFileSync(file, bytes);
  const index = new MemoryIndex(Segment.decode(bytes));
  const counts = QUERIES.map(([w, p, ph]) => query(index, w, p, ph));
  const times: number[] = [];
  for (let r = 0; r < 15; r++) {
    for (const [w, p, ph] of QUERIES) {
      start = process.hrtime.bigint();
      query(index, w, p, ph);
      times.push(ms(start));
    }
  }
  const self = fileURLToPath(import.meta.url);
  const child = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', self, 'open', file], { encoding: 'utf8' })) as { openMs: number; rssMb: number };
  process.stdout.write(`${JSON.stringify({
    docs: count, textMb: +textMb.toFixed(1), sizeMb: +(bytes.length / 2 ** 20).toFixed(1), ratio: +(bytes.length / 2 ** 20 / textMb).toFixed(3),
    buildMs: Math.round(buildMs), openMs: +child.openMs.toFixed(1), rssMb: Math.round(child.rssMb),
    p50: +percentile(times, 0.5).toFixed(3), p95: +percentile(times, 0.95).toFixed(3), counts,
  })}\n`);
}
