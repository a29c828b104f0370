// A hostile or broken journal from "another device" (issue 12): anything can land in the synced
// folder. Lines that are not operations this Tidings can apply (a path in an id, a __proto__
// field, a value of the wrong type, a tag too long, a line too long, not
// JSON) are left out with a notice; the good lines around them are applied; nothing else in the
// archive changes and nothing outside it is touched. A torn last line waits for the rest.
// (A line with another device's clock is NOT refused: since 3929970 a journal may carry lines it
// adopted from a conflict copy.)

import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'tidings-sync-hostile-journal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const EVIL = '0123456789ab';

function hlc(step: number, device = EVIL): string {
  return `${String(Date.now() + step).padStart(13, '0')}.000000.${device}`;
}

describe('sync: a hostile journal in the shared folder', () => {
  it('bad lines are left out with a notice, good ones applied, the rest untouched; a torn line waits', { timeout: 30_000 }, async () => {
    const dir = path.join(root, 'archive');
    const note = path.join(root, 'note.txt');
    writeFileSync(note, 'A note to keep\n\nIt says something worth keeping, in a few words.\n');
    const archive = await openArchive(dir);
    const notices: string[] = [];
    archive.on((event: ArchiveEvent) => {
      if (event.type === 'notice') notices.push(event.message);
    });
    try {
      const { id } = await archive.importFile(note);
      const before = await archive.getArticle(id);
      const k = `a:${id}`;
      const huge = JSON.stringify({ h: hlc(9), k, o: 'set', v: { title: 'x'.repeat(5 * 1024 * 1024) } });
      const lines = [
        JSON.stringify({ journal: 1, device: EVIL, epoch: hlc(0) }),
        JSON.stringify({ h: hlc(1), k: 'settings', o: 'set', v: { fontSize: 30 } }),
        JSON.stringify({ h: hlc(2), k: 'a:../../outside', o: 'del' }),
        `{"h":"${hlc(3)}","k":"${k}","o":"set","v":{"__proto__":{"polluted":true}}}`,
        JSON.stringify({ h: hlc(4), k, o: 'set', v: { read: 'yes', title: 'Overwritten' } }),
        JSON.stringify({ h: hlc(6), k, o: 'tag', t: 'x'.repeat(500), on: true }),
        JSON.stringify({ h: hlc(7), k: 'settings', o: 'del' }),
        JSON.stringify({ h: hlc(8), k: 'settings', o: 'set', v: { theme: 'purple', constructor: 1 } }),
        huge,
        'not json at all',
        JSON.stringify({ h: hlc(10), k, o: 'set', v: { starred: true } }),
      ];
      const file = path.join(dir, 'journal', `${EVIL}.jsonl`);
      const torn = JSON.stringify({ h: hlc(11), k, o: 'set', v: { read: true } });
      writeFileSync(file, `${lines.join('\n')}\n${torn.slice(0, 20)}`);
      writeFileSync(path.join(root, 'outside'), 'must stay');

      await archive.syncNow();
      const after = await archive.getArticle(id);
      expect(after.starred, 'the good line after the bad ones').toBe(true);
      expect({ title: after.title, read: after.read, tags: after.tags }).toEqual({ title: before.title, read: before.read, tags: before.tags });
      const settings = await archive.getSettings();
      expect(settings.fontSize).toBe(30);
      expect(settings.theme).toBe('system');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(existsSync(path.join(root, 'outside'))).toBe(true);
      expect(notices.join('\n')).toMatch(/could not be applied/);

      // The rest of the torn line arrives: it is applied then, once.
      appendFileSync(file, `${torn.slice(20)}\n`);
      await archive.syncNow();
      expect((await archive.getArticle(id)).read).toBe(true);
      expect(readdirSync(path.join(dir, 'journal')).filter((n) => n.endsWith('.jsonl'))).toHaveLength(2);
    } finally {
      await archive.close();
    }
    // And it opens again with the same state.
    const again = await openArchive(dir);
    try {
      const list = await again.listArticles({ view: 'starred', limit: 10 });
      expect(list.items.map((a) => [a.starred, a.read])).toEqual([[true, true]]);
    } finally {
      await again.close();
    }
  });
});
