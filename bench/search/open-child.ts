// Child process of the search benchmark: opens the index of a prepared folder in a fresh
// process, so that the open time and the memory (RSS) are the index's and nothing else's.
// Prints one JSON line: { openMs, rssMb, heapMb }.

import { readFileSync } from 'node:fs';
import { type DocMeta, PersistentIndex } from '../../src/search/index.js';

const [indexDir, textDir, metaFile] = process.argv.slice(2) as [string, string, string];
const metas = JSON.parse(readFileSync(metaFile, 'utf8')) as DocMeta[];
const byId = new Map(metas.map((m) => [m.id, m]));

const start = process.hrtime.bigint();
const index = PersistentIndex.open(indexDir, { textDir, docs: () => metas, doc: (id) => byId.get(id) ?? null }, (event) => {
  if (event.kind === 'notice') process.stderr.write(`${event.message}\n`);
});
const memory = await index.ready();
const openMs = Number(process.hrtime.bigint() - start) / 1e6;
const probe = memory.lookup(['the'], false).docs.length;
const usage = process.memoryUsage();
process.stdout.write(`${JSON.stringify({ openMs, rssMb: usage.rss / 2 ** 20, heapMb: usage.heapUsed / 2 ** 20, size: memory.size, liveSize: memory.liveSize, probe })}\n`);
await index.close();
