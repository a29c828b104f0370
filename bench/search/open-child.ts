// Child process of the search benchmark: opens the index of a prepared folder in a fresh
// process, so that the open time and the memory (RSS) are the index's and nothing else's,
// then adds the articles listed in a second file one by one (their texts already on disk), as
// the archive does when an article arrives. Prints one JSON line: { openMs, rssMb, adds }.

import { readFileSync } from 'node:fs';
import { type DocMeta, PersistentIndex } from '../../src/search/index.js';

const [indexDir, textDir, metaFile, extraFile] = process.argv.slice(2) as [string, string, string, string];
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

// Adds are timed once the checksum check that follows opening is over: during that half
// second they share the thread with it (reported apart as addsDuringCheck).
const duringCheck: number[] = [];
const extras = JSON.parse(readFileSync(extraFile, 'utf8')) as DocMeta[];
for (const meta of extras.splice(0, 10)) {
  metas.push(meta);
  byId.set(meta.id, meta);
  const t = process.hrtime.bigint();
  await index.update([meta.id]);
  duringCheck.push(Number(process.hrtime.bigint() - t) / 1e6);
}
await index.idle();
const adds: number[] = [];
for (const meta of extras) {
  metas.push(meta);
  byId.set(meta.id, meta);
  const t = process.hrtime.bigint();
  await index.update([meta.id]);
  adds.push(Number(process.hrtime.bigint() - t) / 1e6);
}
const found = (await index.ready()).size;
process.stdout.write(`${JSON.stringify({ openMs, rssMb: usage.rss / 2 ** 20, heapMb: usage.heapUsed / 2 ** 20, size: memory.size, found, probe, adds, addsDuringCheck: duringCheck })}\n`);
await index.close();
