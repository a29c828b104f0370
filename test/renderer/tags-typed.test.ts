// Tags typed by a user (the reader's tag field, the save-page dialog, a rule's "add tags"): one
// rule for all three. The copies differed: the reader's kept "AI" beside "ai" and "#ml" with its
// hash, which the archive then stored as two tags or as "#ml"; the rules editor's did not. The
// rule now is the rules editor's, with the archive's own folding (inner spaces, NFC) so what is
// shown before saving is what the archive keeps.
// @vitest-environment jsdom

import { describe, expect, it, vi } from 'vitest';
import { TagEditor } from '../../renderer/src/reader/tag-editor.js';
import { parseTags } from '../../renderer/src/tags/index.js';

describe('parseTags: tags as typed', () => {
  it('splits on commas, trims, leaves out empty ones', () => {
    expect(parseTags(' ai, Machine learning ,, ,')).toEqual(['ai', 'Machine learning']);
    expect(parseTags('')).toEqual([]);
    expect(parseTags(',,, ')).toEqual([]);
  });

  it('keeps the first spelling of a tag repeated in another case', () => {
    expect(parseTags('AI, ai, Ai, reading')).toEqual(['AI', 'reading']);
  });

  it('drops the hash people type out of habit, and a tag that was only hashes', () => {
    expect(parseTags('#ml, # ideas, ##, ML')).toEqual(['ml', 'ideas']);
  });

  it('folds inner whitespace and composes accents, as the archive does, before comparing', () => {
    expect(parseTags('machine \t  learning, Machine learning')).toEqual(['machine learning']);
    expect(parseTags('cafe\u0301, CAFÉ')).toEqual(['café']);
  });

  it('leaves what the archive refuses (too long, control characters) for the archive to say', () => {
    expect(parseTags(`${'x'.repeat(80)}`)).toEqual(['x'.repeat(80)]);
  });
});

describe('the reader\'s tag field uses the same rule', () => {
  it('adds "AI, ai, #ml" as two tags', () => {
    const add = vi.fn();
    const editor = new TagEditor({ add, remove: () => undefined });
    document.body.append(editor.root);
    const input = editor.root.querySelector<HTMLInputElement>('.tag-input')!;
    input.value = 'AI, ai, #ml';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(add).toHaveBeenCalledWith(['AI', 'ml']);
  });
});
