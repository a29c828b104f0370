// npx tsx bench/search/make-judged-queries.ts: writes bench/search/judged-queries.json, the judged
// query set of the search bench, from the judged collection (see judged.ts and judged-queries.ts).
// The output is the same on every run for the same corpus (fixed seed).

import { writeFileSync } from 'node:fs';
import { judgedCollection, JUDGED_QUERIES } from './judged.js';
import { makeJudgedQueries, QUERY_KINDS } from './judged-queries.js';
import { corpusAvailable, CORPUS_PAGES } from './corpus.js';

if (!corpusAvailable()) throw new Error(`${CORPUS_PAGES} is missing: nothing to judge`);
const docs = await judgedCollection();
const queries = makeJudgedQueries(docs);
const counts = QUERY_KINDS.map((k) => `${k} ${queries.filter((q) => q.kind === k).length}`).join(', ');
// One query a line, so that a reader can scan the set and a diff shows what changed.
const lines = queries.map((q) => `    ${JSON.stringify(q)}`).join(',\n');
writeFileSync(JUDGED_QUERIES, `{\n  "about": "Judged queries of the search bench (bench/search/judged-queries.ts, seed 14); page = the relevant answer, a folder of ../shared/corpus/pages. ${queries.length} queries: ${counts}.",\n  "queries": [\n${lines}\n  ]\n}\n`);
process.stdout.write(`${queries.length} queries (${counts}) from ${docs.filter((d) => d.page).length} pages among ${docs.length} documents\n`);
