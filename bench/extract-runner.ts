// One side of the extraction benchmark, run in a process of its own so that its peak memory
// (VmHWM: the whole process, worker threads included) is its own; CPU time is reported too:
//   tsx bench/extract-runner.ts baseline|ours CORPUS_DIR OUT.json
// baseline: new JSDOM(html) + new Readability(doc).parse(), one page after another.
// ours: the Extractor (worker pool, linkedom Readability pass, DOMPurify on jsdom), images off,
// every page queued at once, workers started before the clock. Afterwards (outside the timing) each side scores its text.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Extractor } from '../src/extract/index.js';
import { f1, textOfHtml } from '../test/extract/fidelity-score.js';

const [mode, corpus, out] = process.argv.slice(2) as [string, string, string];
const PAGE_URL = 'http://fakehost/test/page.html';
const names = readdirSync(corpus).filter((n) => !n.startsWith('.')).sort();
const sources = names.map((n) => readFileSync(path.join(corpus, n, 'source.html')));

interface PageOut {
  name: string;
  text: string;
  title: string | null;
  byline: string | null;
}

// Module loading is outside the timing on both sides: the baseline imported jsdom above, ours
// starts its workers (which load jsdom, linkedom and Readability) before the clock starts.
// jsdom and Readability are loaded only on the baseline side, so they do not count in ours' memory.
const baselineLibs = mode === 'baseline' ? { ...(await import('jsdom')), Readability: (await import('@mozilla/readability')).Readability } : null;
const extractor = mode === 'ours' ? new Extractor({ assets: null }) : null;
await extractor?.warm();
const cpuStart = process.cpuUsage();
const start = process.hrtime.bigint();
const pages: PageOut[] = extractor ? await ours(extractor) : baseline();
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;

const scored = pages.map((p) => {
  const expected = textOfHtml(readFileSync(path.join(corpus, p.name, 'expected.html'), 'utf8'));
  const meta = JSON.parse(readFileSync(path.join(corpus, p.name, 'expected-metadata.json'), 'utf8')) as { title?: string; byline?: string };
  return { name: p.name, f1: f1(p.text, expected), title: p.title, byline: p.byline, expectedTitle: meta.title ?? null, expectedByline: meta.byline ?? null };
});
await extractor?.close();
writeFileSync(out, JSON.stringify({ mode, pages: pages.length, seconds, cpuSeconds, peakRssMb, scored }));
process.exit(0);

function baseline(): PageOut[] {
  const { JSDOM, VirtualConsole, Readability } = baselineLibs!;
  return sources.map((bytes, i) => {
    const dom = new JSDOM(bytes.toString('utf8'), { url: PAGE_URL, virtualConsole: new VirtualConsole() });
    const article = new Readability(dom.window.document).parse();
    return { name: names[i]!, text: article?.content ? textOfHtml(article.content) : '', title: article?.title ?? null, byline: article?.byline ?? null };
  });
}

async function ours(extractor: Extractor): Promise<PageOut[]> {
  const results = await Promise.all(
    sources.map((body) => extractor.page({ body, contentType: 'text/html; charset=utf-8', url: PAGE_URL }, { downloadImages: false })),
  );
  return results.map((r, i) => ({ name: names[i]!, text: r.text, title: r.meta.title, byline: r.meta.byline }));
}
