// progressAt: when the article's reading progress last changed (issue 16), so that Continue
// reading lists what was read most recently first. Set by setReadingProgress with the progress,
// in the same journal line (it syncs as progress does); a damaged one, in library.json or in a
// line from another device, is dropped alone (the progress stays); an export restored elsewhere
// keeps it. The clock is the only thing faked (Date), so that "later" is certain.

import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { restoreArchive } from '../../src/archive/restore.js';
import { openContext } from './restore-context.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-progress-at-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

let n = 0;
const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 9, minute)).toISOString();
function clockAt(minute: number): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(at(minute)));
}

async function library(names: string[]): Promise<{ dir: string; archive: Archive; ids: Record<string, string> }> {
  const dir = path.join(root, `lib-${n++}`);
  const archive = await openArchive(dir);
  const ids: Record<string, string> = {};
  for (const name of names) {
    const file = path.join(root, `${name}-${n}.txt`);
    writeFileSync(file, `The ${name} walk\n\nA walk along the ${name} river, with herons and willows.`);
    ids[name] = (await archive.importFile(file)).id;
  }
  return { dir, archive, ids };
}

function journalLines(dir: string): { k: string; o: string; v?: Record<string, unknown> }[] {
  const journal = path.join(dir, 'journal');
  return readdirSync(journal).filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(path.join(journal, f), 'utf8').split('\n').filter((l) => l.startsWith('{"h"')).map((l) => JSON.parse(l)));
}

describe('progressAt', () => {
  it('is set with the progress, moved on when the progress changes, left alone when it does not, gone with it', async () => {
    const { archive, ids } = await library(['heron']);
    const id = ids.heron!;
    expect((await archive.getArticle(id)).progressAt).toBeUndefined();
    clockAt(1);
    await archive.setReadingProgress(id, 0.25);
    expect(await archive.getArticle(id)).toMatchObject({ progress: 0.25, progressAt: at(1) });
    clockAt(2);
    await archive.setReadingProgress(id, 0.2501); // the same, rounded
    expect((await archive.getArticle(id)).progressAt).toBe(at(1));
    clockAt(3);
    await archive.setReadingProgress(id, 0.5);
    expect(await archive.getArticle(id)).toMatchObject({ progress: 0.5, progressAt: at(3) });
    await archive.setReadingProgress(id, 0);
    const back = await archive.getArticle(id);
    expect([back.progress, back.progressAt]).toEqual([undefined, undefined]);
    await archive.close();
  });

  it('goes into the journal in the same line as the progress', async () => {
    const { dir, archive, ids } = await library(['willow']);
    clockAt(5);
    await archive.setReadingProgress(ids.willow!, 0.4);
    await archive.close();
    const sets = journalLines(dir).filter((l) => l.k === `a:${ids.willow}` && l.v && 'progress' in l.v);
    expect(sets.at(-1)!.v).toMatchObject({ progress: 0.4, progressAt: at(5) });
  });

  it('from another device: taken when it is a time, dropped alone when it is not (the progress stays)', async () => {
    const { dir, archive, ids } = await library(['otter', 'kingfisher']);
    const other = '0123456789ab';
    const hlc = (step: number) => `${String(Date.now() + 60_000 + step).padStart(13, '0')}.000000.${other}`;
    writeFileSync(path.join(dir, 'journal', `${other}.jsonl`), [
      JSON.stringify({ journal: 1, device: other, epoch: hlc(0) }),
      JSON.stringify({ h: hlc(1), k: `a:${ids.otter}`, o: 'set', v: { progress: 0.3, progressAt: at(40) } }),
      JSON.stringify({ h: hlc(2), k: `a:${ids.kingfisher}`, o: 'set', v: { progress: 0.6, progressAt: 'soon' } }),
    ].join('\n') + '\n');
    await archive.syncNow();
    expect(await archive.getArticle(ids.otter!)).toMatchObject({ progress: 0.3, progressAt: at(40) });
    const garbled = await archive.getArticle(ids.kingfisher!);
    expect([garbled.progress, garbled.progressAt]).toEqual([0.6, undefined]);
    await archive.close();
  });

  it('in library.json: a damaged one is dropped alone at open; an old record without one opens as it was', async () => {
    const { dir, archive, ids } = await library(['reed', 'sedge']);
    clockAt(7);
    await archive.setReadingProgress(ids.reed!, 0.7);
    await archive.setReadingProgress(ids.sedge!, 0.3);
    await archive.close();
    vi.useRealTimers();
    const file = path.join(dir, 'library.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.articles[ids.reed!].progressAt = 1732000000;
    delete doc.articles[ids.sedge!].progressAt;
    writeFileSync(file, JSON.stringify(doc));
    const again = await openArchive(dir);
    const reed = await again.getArticle(ids.reed!);
    expect([reed.progress, reed.progressAt, reed.title]).toEqual([0.7, undefined, 'The reed walk']);
    const sedge = await again.getArticle(ids.sedge!);
    expect([sedge.progress, sedge.progressAt]).toEqual([0.3, undefined]);
    await again.close();
  });

  it('is kept by an archive export restored into a fresh data directory', async () => {
    const { dir, archive, ids } = await library(['heath']);
    clockAt(9);
    await archive.setReadingProgress(ids.heath!, 0.45);
    vi.useRealTimers();
    const zip = path.join(dir, '..', `heath-${n}.zip`);
    await archive.exportLibrary(zip, { format: 'archive' });
    await archive.close();
    expect(existsSync(zip)).toBe(true);
    const fresh = await openContext(path.join(root, `fresh-${n}`));
    await restoreArchive(fresh.ctx, zip, { sanitize: fresh.sanitize });
    expect(fresh.ctx.data.articles[ids.heath!]).toMatchObject({ progress: 0.45, progressAt: at(9) });
    await fresh.close();
  });

  it('restored into an archive that holds the article: the later reading wins, as a sync would (one without a time loses to one with)', async () => {
    const { dir, archive, ids } = await library(['moor']);
    const id = ids.moor!;
    clockAt(20);
    await archive.setReadingProgress(id, 0.2);
    vi.useRealTimers();
    const zip = path.join(dir, '..', `moor-${n}.zip`);
    await archive.exportLibrary(zip, { format: 'archive' });
    await archive.close();
    const here = await openContext(path.join(root, `here-${n}`));
    await restoreArchive(here.ctx, zip, { sanitize: here.sanitize });
    const setHere = (progress: number, minute: number | null) => here.ctx.library.change((data) => {
      data.articles[id]!.progress = progress;
      if (minute === null) delete data.articles[id]!.progressAt;
      else data.articles[id]!.progressAt = at(minute);
    });
    const state = () => [here.ctx.data.articles[id]!.progress, here.ctx.data.articles[id]!.progressAt];
    setHere(0.6, 30); // read further here, later: kept
    expect((await restoreArchive(here.ctx, zip, { sanitize: here.sanitize })).merged).toBe(0);
    expect(state()).toEqual([0.6, at(30)]);
    setHere(0.1, 10); // read here before the export was made: the archive's reading wins
    expect((await restoreArchive(here.ctx, zip, { sanitize: here.sanitize })).merged).toBe(1);
    expect(state()).toEqual([0.2, at(20)]);
    setHere(0.9, null); // an old record here, without a time
    await restoreArchive(here.ctx, zip, { sanitize: here.sanitize });
    expect(state()).toEqual([0.2, at(20)]);
    await here.close();
  });

  it('orders the started view (Continue reading): read most recently first, old records after by progress; sort progress keeps furthest first', async () => {
    const { archive, ids } = await library(['first', 'second', 'third', 'old']);
    clockAt(10);
    await archive.setReadingProgress(ids.second!, 0.8);
    clockAt(11);
    await archive.setReadingProgress(ids.first!, 0.2);
    clockAt(12);
    await archive.setReadingProgress(ids.third!, 0.5);
    clockAt(13);
    await archive.setReadingProgress(ids.old!, 0.9);
    vi.useRealTimers();
    const list = async (q: Parameters<Archive['listArticles']>[0]) => (await archive.listArticles(q)).items.map((a) => a.id);
    expect(await list({ view: 'started' })).toEqual([ids.old, ids.third, ids.first, ids.second]);
    expect(await list({ view: 'started', sort: 'recent' })).toEqual([ids.old, ids.third, ids.first, ids.second]);
    expect(await list({ view: 'started', sort: 'progress' })).toEqual([ids.old, ids.second, ids.third, ids.first]);
    expect(await list({ sort: 'recent', limit: 2 })).toEqual([ids.old, ids.third]);
    expect((await archive.search('river', { sort: 'recent' })).items.map((h) => h.id)).toEqual([ids.old, ids.third, ids.first, ids.second]);
    await archive.close();
  });
});
