// Reading state of issue 16: highlights anchored in the text, notes, how far an article was read;
// found by has:, note:, highlight:, is:started; kept across a reopen and a re-extraction.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Archive } from '../../src/api.js';
import { openArchive } from '../../src/archive/index.js';

const BODY = 'Tomatoes want sun.\n\nThey want water every day, and they want sun again in the evening.';

async function withArticle(): Promise<{ archive: Archive; dir: string; id: string; file: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tidings-highlights-'));
  const archive = await openArchive(dir);
  const file = path.join(dir, 'garden.txt');
  writeFileSync(file, `Notes on gardening\n\n${BODY}`);
  const { id } = await archive.importFile(file);
  return { archive, dir, id, file };
}

describe('archive: highlights and notes', () => {
  it('answers the highlight it changed, by id, though an older Tidings kept the list in another order', async () => {
    const { archive, dir, id } = await withArticle();
    const first = await archive.addHighlight(id, { exact: 'Tomatoes want sun' });
    const second = await archive.addHighlight(id, { exact: 'water every day' });
    await archive.close();
    // An older Tidings' library.json: the list newest first (lists are kept oldest first now).
    const file = path.join(dir, 'library.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as { articles: Record<string, { highlights: unknown[] }> };
    data.articles[id]!.highlights.reverse();
    writeFileSync(file, JSON.stringify(data));
    const again = await openArchive(dir);
    const changed = await again.updateHighlight(id, second.id, { color: 'green' });
    expect([changed.id, changed.color]).toEqual([second.id, 'green']);
    expect((await again.getArticle(id)).highlights!.find((h) => h.id === first.id)!.color).toBe('yellow');
    await again.close();
  });

  it('highlights a passage of the text with its W3C selectors, and keeps it across a reopen', async () => {
    const { archive, dir, id } = await withArticle();
    const text = (await archive.getArticle(id)).text;
    const h = await archive.addHighlight(id, { exact: 'water every day', note: '  daily!  ' });
    expect(h.quote).toMatchObject({ type: 'TextQuoteSelector', exact: 'water every day' });
    expect(text.slice(h.position!.start, h.position!.end)).toBe('water every day');
    expect(h.quote.prefix.endsWith('want ')).toBe(true);
    expect(h.note).toBe('daily!');
    expect(h.color).toBe('yellow');
    await archive.close();
    const again = await openArchive(dir);
    expect((await again.getArticle(id)).highlights).toEqual([h]);
    await again.close();
  });

  it('picks the repeat the reader pointed at, and refuses a passage that is not there', async () => {
    const { archive, id } = await withArticle();
    const text = (await archive.getArticle(id)).text;
    const second = text.lastIndexOf('want sun');
    const h = await archive.addHighlight(id, { exact: 'want sun', prefix: 'they ', suffix: ' again' });
    expect(h.position!.start).toBe(second);
    await expect(archive.addHighlight(id, { exact: 'want rain' })).rejects.toThrow(/not in the article/);
    // The same passage twice is one highlight.
    expect((await archive.addHighlight(id, { exact: 'want sun', start: second })).id).toBe(h.id);
    expect((await archive.getArticle(id)).highlights).toHaveLength(1);
    await archive.close();
  });

  it('changes colour and note, removes, and says which highlight is unknown', async () => {
    const { archive, id } = await withArticle();
    const h = await archive.addHighlight(id, { exact: 'Tomatoes want sun' });
    expect(await archive.updateHighlight(id, h.id, { color: 'green', note: 'first line' })).toMatchObject({ color: 'green', note: 'first line' });
    expect((await archive.updateHighlight(id, h.id, { note: '' })).note).toBeNull();
    await expect(archive.updateHighlight(id, 'hnope', { color: 'blue' })).rejects.toThrow(/no such highlight/);
    await archive.removeHighlight(id, h.id);
    expect((await archive.getArticle(id)).highlights).toBeUndefined();
    await archive.close();
  });

  it('keeps highlights, note and place when the article is extracted again from a changed page', async () => {
    const { archive, dir } = await withArticle();
    const page = path.join(dir, 'garden.html');
    const paragraphs = (extra: string) => `<html><head><title>Garden</title></head><body><article><h1>Garden</h1>${extra}<p>${BODY.replace('\n\n', '</p><p>')}</p>${'<p>More words about soil, light and patience in the garden.</p>'.repeat(8)}</article></body></html>`;
    writeFileSync(page, paragraphs(''));
    const { id } = await archive.importFile(page);
    await archive.addHighlight(id, { exact: 'water every day' });
    await archive.setArticleNote(id, 'Read before spring');
    await archive.setReadingProgress(id, 0.42);
    writeFileSync(page, paragraphs('<p>An update came first.</p>'));
    expect((await archive.extractArticle(id)).extraction.status).toBe('done');
    const a = await archive.getArticle(id);
    expect(a.text).toContain('An update came first.');
    // The passage moved: its place is found again from the quote and its context.
    const [moved] = a.highlights!;
    expect(a.text.slice(moved!.position!.start, moved!.position!.end)).toBe('water every day');
    // The passage is gone from the page: the highlight keeps its quote, with no place.
    writeFileSync(page, paragraphs('<p>An update came first.</p>').replace('water every day', 'rain now and then'));
    await archive.extractArticle(id);
    expect((await archive.getArticle(id)).highlights).toMatchObject([{ quote: { exact: 'water every day' }, position: null }]);
    expect(a.highlights).toHaveLength(1);
    expect(a.note).toBe('Read before spring');
    expect(a.progress).toBe(0.42);
    await archive.close();
  });

  it('finds articles by has:, note:, highlight: and is:started', async () => {
    const { archive, id, dir } = await withArticle();
    const other = path.join(dir, 'other.txt');
    writeFileSync(other, 'Other notes\n\nNothing marked here about water.');
    const otherId = (await archive.importFile(other)).id;
    await archive.addHighlight(id, { exact: 'water every day', note: 'Irrigation schedule' });
    await archive.setArticleNote(otherId, 'compost ideas');
    await archive.setReadingProgress(otherId, 0.5);
    const ids = async (query: string) => (await archive.listArticles({ query })).items.map((a) => a.id).sort();
    expect(await ids('has:highlights')).toEqual([id]);
    expect(await ids('has:note')).toEqual([id, otherId].sort());
    expect(await ids('note:irrigation')).toEqual([id]);
    expect(await ids('note:compost')).toEqual([otherId]);
    expect(await ids('highlight:"every day"')).toEqual([id]);
    expect(await ids('is:started')).toEqual([otherId]);
    expect(await ids('-has:highlights water')).toEqual([otherId]);
    await archive.setReadingProgress(otherId, 1);
    expect(await ids('is:started')).toEqual([]);
    await expect(archive.listArticles({ query: 'has:stars' })).rejects.toThrow(/has:highlights/);
    await archive.close();
  });

  it('lists highlights across the archive newest first, and one article in order', async () => {
    const { archive, id, dir } = await withArticle();
    const other = path.join(dir, 'other.txt');
    writeFileSync(other, 'Other notes\n\nA line worth keeping.');
    const otherId = (await archive.importFile(other)).id;
    const first = await archive.addHighlight(id, { exact: 'Tomatoes' });
    await new Promise((r) => setTimeout(r, 5));
    const second = await archive.addHighlight(otherId, { exact: 'worth keeping' });
    const page = await archive.listHighlights();
    expect(page.items.map((e) => e.highlight.id)).toEqual([second.id, first.id]);
    expect(page.items[0]!.article).toMatchObject({ id: otherId, title: 'Other notes' });
    expect((await archive.listHighlights({ articleId: id })).items.map((e) => e.highlight.id)).toEqual([first.id]);
    expect((await archive.listHighlights({ query: 'tomatoes' })).items.map((e) => e.highlight.id)).toEqual([first.id]);
    await archive.close();
  });

  it('refuses a progress outside 0..1 and removes it at 0', async () => {
    const { archive, id } = await withArticle();
    await expect(archive.setReadingProgress(id, 1.5)).rejects.toThrow(/0 to 1/);
    await expect(archive.setReadingProgress(id, Number.NaN)).rejects.toThrow(/0 to 1/);
    await archive.setReadingProgress(id, 0.3);
    await archive.setReadingProgress(id, 0);
    expect((await archive.getArticle(id)).progress).toBeUndefined();
    await archive.close();
  });
});
