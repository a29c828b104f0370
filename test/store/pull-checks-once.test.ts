// Catching up on another device's journal at scale (issue 16): each line is checked once (when
// read; applying it does not check it again), an article's highlights are rebuilt only by the
// ops that change them (a flag or a tag leaves the list as it is), and a hostile line is still
// refused with its reason in the same words.

import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Library } from '../../src/store/library.js';
import type * as OpProblemModule from '../../src/store/op-problem.js';
import { articleId, generateLibrary, writeLibrary } from '../../bench/store-library.js';
import { hl } from './highlight-fixture.js';

const calls = vi.hoisted(() => ({ opProblem: 0 }));
vi.mock('../../src/store/op-problem.js', async (importOriginal) => {
  const real = await importOriginal<typeof OpProblemModule>();
  return { ...real, opProblem: (value: unknown) => (calls.opProblem++, real.opProblem(value)) };
});

const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-pull-checks-once-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const OTHER = 'abcdef012345';
/** A little ahead of the library's own first lines (made when it opens): these are later. */
const NOW = Date.now() + 60_000;
const hlc = (step: number): string => `${String(NOW).padStart(13, '0')}.${String(step).padStart(6, '0')}.${OTHER}`;


let n = 0;
async function libraryWithHighlights(): Promise<{ library: Library; dir: string; id: string }> {
  const dir = path.join(root, `lib${n++}`);
  const data = generateLibrary(3, 1);
  const id = articleId(1);
  data.articles[id]!.highlights = [hl('hb', 2), hl('ha', 1)].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  mkdirSync(dir, { recursive: true });
  writeLibrary(dir, data);
  return { library: await Library.open(dir), dir, id };
}

function writeOther(dir: string, ops: object[]): string {
  const header = { journal: 1, device: OTHER, epoch: `${String(NOW - 1).padStart(13, '0')}.000000.${OTHER}` };
  const text = [header, ...ops].map((l) => JSON.stringify(l)).join('\n');
  writeFileSync(path.join(dir, 'journal', `${OTHER}.jsonl`), `${text}\n`);
  return text;
}

describe('pull at scale', () => {
  it('checks each line of another journal once', async () => {
    const { library, dir, id } = await libraryWithHighlights();
    try {
      const k = `a:${id}`;
      const ops = [
        { h: hlc(1), k, o: 'set', v: { read: true } },
        { h: hlc(2), k, o: 'tag', t: 'later', on: true },
        { h: hlc(3), k, o: 'hl', id: 'hc', v: hl('hc', 3) },
        { h: hlc(4), k, o: 'set', v: { starred: true } },
      ];
      writeOther(dir, ops);
      calls.opProblem = 0;
      const result = await library.pull();
      expect(result.skipped).toEqual([]);
      expect(result.applied.map((a) => a.effect)).toEqual(['changed', 'changed', 'changed', 'changed']);
      expect(calls.opProblem, 'one check per line').toBe(ops.length);
      expect(library.data.articles[id]!.highlights!.map((h) => h.id)).toEqual(['ha', 'hb', 'hc']);
    } finally {
      await library.close();
    }
  });

  it('a flag or a tag from another device leaves the highlights list as it is; a highlight rebuilds it', async () => {
    const { library, dir, id } = await libraryWithHighlights();
    try {
      const k = `a:${id}`;
      const list = library.data.articles[id]!.highlights;
      writeOther(dir, [
        { h: hlc(1), k, o: 'set', v: { read: true } },
        { h: hlc(2), k, o: 'tag', t: 'later', on: true },
        { h: hlc(3), k, o: 'set', v: { starred: true } },
      ]);
      await library.pull();
      expect(library.data.articles[id]!.starred).toBe(true);
      expect(library.data.articles[id]!.highlights, 'the same list, not rebuilt').toBe(list);
      appendFileSync(path.join(dir, 'journal', `${OTHER}.jsonl`), `${JSON.stringify({ h: hlc(4), k, o: 'hl', id: 'ha', v: null })}\n`);
      await library.pull();
      expect(library.data.articles[id]!.highlights!.map((h) => h.id)).toEqual(['hb']);
    } finally {
      await library.close();
    }
  });

  it('a hostile line is refused with its reason in the same words', async () => {
    const { library, dir, id } = await libraryWithHighlights();
    try {
      const k = `a:${id}`;
      writeOther(dir, [
        { h: hlc(1), k, o: 'set', v: { read: 'yes' } },
        { h: hlc(2), k, o: 'hl', id: 'hx', v: { ...hl('hx', 4), color: 42 } },
        { h: hlc(3), k, o: 'set', v: { starred: true } },
      ]);
      const read = library.data.articles[id]!.read;
      calls.opProblem = 0;
      const result = await library.pull();
      expect(result.skipped).toEqual([`journal/${OTHER}.jsonl: a line after byte 0 (not a highlight) was left out`, `${k}: read is not valid ("yes")`]);
      expect(result.applied.map((a) => a.effect)).toEqual(['rejected', 'changed']);
      expect(library.data.articles[id]!.read, 'as it was').toBe(read);
      expect(library.data.articles[id]!.starred).toBe(true);
      expect(calls.opProblem).toBe(3);
    } finally {
      await library.close();
    }
  });
});
