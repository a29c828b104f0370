// What Settings shows under "Several machines" (issue 12): getSyncStatus lists every device whose
// journal is in the data directory, with the time of its latest change (the wall part of its
// newest line's clock) and how many of its lines were read, counts the articles of other devices
// whose files have not arrived, and says whether the .stignore for Syncthing is there.

import { appendFileSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';
import { ownDevice } from './sync-helpers.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-sync-status-'));

afterAll(() => rmSync(root, { recursive: true, force: true }));

const page = `<!doctype html><html lang="en"><head><title>The lighthouse keeper</title></head><body><article><h1>The lighthouse keeper</h1>
${Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i}: the keeper climbs the stairs at dusk, lights the lamp, and writes the weather in the log.</p>`).join('\n')}
</article></body></html>`;

/** The op lines of a journal (the header left out) and the wall time of the newest one. */
function journalFacts(file: string): { lines: number; lastWall: number } {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').slice(1);
  const last = JSON.parse(lines.at(-1)!) as { h: string };
  return { lines: lines.length, lastWall: Number(last.h.slice(0, 13)) };
}

async function withArchives(run: (a: Archive, b: Archive, dirs: { a: string; b: string; devA: string; devB: string }) => Promise<void>, name: string): Promise<void> {
  const dirs = { a: path.join(root, `${name}-A`), b: path.join(root, `${name}-B`), devA: '', devB: '' };
  const a = await openArchive(dirs.a);
  const b = await openArchive(dirs.b);
  try {
    dirs.devA = ownDevice(dirs.a);
    dirs.devB = ownDevice(dirs.b);
    await run(a, b, dirs);
  } finally {
    await a.close();
    await b.close();
  }
}

describe('getSyncStatus', () => {
  it('lists both devices once a journal is copied across, with the right latest change and line count', { timeout: 30_000 }, async () => {
    await withArchives(async (a, b, d) => {
      const file = path.join(root, 'keeper.html');
      writeFileSync(file, page);
      const saved = await a.importFile(file);
      await a.setStarred([saved.id], true);

      // Only the journal arrives at first: the article waits for its files.
      copyFileSync(path.join(d.a, 'journal', `${d.devA}.jsonl`), path.join(d.b, 'journal', `${d.devA}.jsonl`));
      await b.syncNow();
      const status = await b.getSyncStatus();
      expect(status.dataDir).toBe(b.dataDir);
      expect(status.device).toBe(d.devB);
      expect(status.ignoreFile).toBe(true);
      expect(status.devices.map((x) => [x.device, x.thisDevice]).sort()).toEqual([[d.devA, false], [d.devB, true]].sort());
      const fromA = status.devices.find((x) => x.device === d.devA)!;
      const facts = journalFacts(path.join(d.a, 'journal', `${d.devA}.jsonl`));
      expect(fromA.lastChangeAt).toBe(new Date(facts.lastWall).toISOString());
      expect(fromA.changes).toBe(facts.lines);
      const own = status.devices.find((x) => x.thisDevice)!;
      // Machines are named by their host name, which each journal's first line carries.
      expect(own.host).toBe(os.hostname().slice(0, 100));
      expect(own.changes).toBe(journalFacts(path.join(d.b, 'journal', `${d.devB}.jsonl`)).lines);
      expect(status.waitingArticles).toBe(1);
      expect(JSON.parse(JSON.stringify(status))).toEqual(status); // plain JSON

      // The files arrive: nothing waits any more.
      for (const name of readdirSync(path.join(d.a, 'articles'))) copyFileSync(path.join(d.a, 'articles', name), path.join(d.b, 'articles', name));
      await b.syncNow();
      expect((await b.getSyncStatus()).waitingArticles).toBe(0);
    }, 'copy');
  });

  it('reads the newest whole line past a long journal, a torn last line and junk; says when .stignore is gone', { timeout: 30_000 }, async () => {
    await withArchives(async (a, b, d) => {
      // Many changes on A: its journal grows past the 64 KB tail that is read.
      const ids = (await a.listArticles({ limit: 10 })).items.map((x) => x.id);
      for (let i = 0; i < 900; i++) await a.setStarred(ids, i % 2 === 0);
      const source = path.join(d.a, 'journal', `${d.devA}.jsonl`);
      const target = path.join(d.b, 'journal', `${d.devA}.jsonl`);
      copyFileSync(source, target);
      const facts = journalFacts(source);
      expect(readFileSync(source).length).toBeGreaterThan(64 * 1024);
      // A sync engine caught mid-copy: a last line with no newline yet (whole JSON, its clock later
      // than every other): it is not read until its newline arrives, so it is not the latest change.
      appendFileSync(target, `{"h":"${String(facts.lastWall + 3_600_000)}.000000.${d.devA}","k":"a:x","o":"del"}`);
      await b.syncNow();
      rmSync(path.join(d.b, '.stignore'));
      const status = await b.getSyncStatus();
      const fromA = status.devices.find((x) => x.device === d.devA)!;
      expect(fromA.lastChangeAt).toBe(new Date(facts.lastWall).toISOString());
      expect(fromA.changes).toBe(facts.lines);
      expect(status.ignoreFile).toBe(false);

      // More lines later: counted on from where the count stopped.
      await a.setStarred(ids, true);
      await a.setRead(ids, true);
      copyFileSync(source, target);
      await b.syncNow();
      const again = (await b.getSyncStatus()).devices.find((x) => x.device === d.devA)!;
      expect(again.changes).toBe(journalFacts(source).lines);
      expect(again.lastChangeAt).toBe(new Date(journalFacts(source).lastWall).toISOString());
    }, 'long');
  });

  it('a journal of only a header, or of junk, is listed with no latest change and nothing breaks', { timeout: 30_000 }, async () => {
    await withArchives(async (_a, b, d) => {
      const other = 'abcdefabcdef';
      writeFileSync(path.join(d.b, 'journal', `${other}.jsonl`), `${JSON.stringify({ journal: 1, device: other, epoch: `1764340000000.000000.${other}` })}\n`);
      writeFileSync(path.join(d.b, 'journal', '0123456789ab.jsonl'), 'not a journal\n\u0000\u0001 binary junk');
      await b.syncNow();
      const status = await b.getSyncStatus();
      expect(status.devices.find((x) => x.device === other)).toEqual({ device: other, host: null, lastChangeAt: null, changes: 0, thisDevice: false });
      expect(status.devices.find((x) => x.device === '0123456789ab')).toMatchObject({ lastChangeAt: null, changes: 0 });
      expect(status.devices.filter((x) => x.thisDevice).map((x) => x.device)).toEqual([d.devB]);
    }, 'junk');
  });

  it('takes no arguments', async () => {
    await withArchives(async (_a, b) => {
      await expect((b.getSyncStatus as (x: unknown) => Promise<unknown>)('everything')).rejects.toThrow();
    }, 'args');
  });
});
