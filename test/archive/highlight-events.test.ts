// The 'highlights' event (issue 16 leftovers): adding, changing or removing a highlight, or the
// article's note, tells the front ends which article's marks changed, so an open Highlights view
// can ask again; reading progress, read and star marks do not (they are many, and say nothing
// of highlights).

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { ArchiveEvent } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';

it('emits a highlights event for each change of a highlight or a note, and none for progress, read or star', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-highlight-events-'));
  const archive = await openArchive(dir);
  const file = path.join(dir, 'garden.txt');
  writeFileSync(file, 'Notes on gardening\n\nTomatoes want sun. They want water every day.');
  const { id } = await archive.importFile(file);
  const events: ArchiveEvent[] = [];
  archive.on((event) => events.push(event));
  const highlightEvents = () => events.filter((e) => e.type === 'highlights');

  await archive.setReadingProgress(id, 0.5);
  await archive.setRead([id], true);
  await archive.setStarred([id], true);
  expect(highlightEvents()).toEqual([]);

  const h = await archive.addHighlight(id, { exact: 'water every day' });
  await archive.updateHighlight(id, h.id, { note: 'daily' });
  await archive.setArticleNote(id, 'Read before spring');
  await archive.removeHighlight(id, h.id);
  expect(highlightEvents()).toEqual(Array.from({ length: 4 }, () => ({ type: 'highlights', ids: [id] })));
  // The same highlight again, or the same note: nothing changed, nothing said.
  await archive.setArticleNote(id, 'Read before spring');
  expect(highlightEvents()).toHaveLength(4);
  await archive.close();
});
