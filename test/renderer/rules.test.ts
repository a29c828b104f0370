// The rules editor's words: what a rule does, tags as typed, the confirm's sentence, counts.
import { describe, expect, it } from 'vitest';
import { matchesLabel, queryProblem, retentionLine, ruleEffect, runQuestion } from '../../renderer/src/rules/index.js';
import { parseTags } from '../../renderer/src/tags/index.js';

describe('rules editor words', () => {
  it('says what a rule does', () => {
    expect(ruleEffect({ addTags: ['ai', 'ml'], markRead: true, star: true })).toBe('tag ai, ml · mark read · star');
    expect(ruleEffect({ addTags: [], markRead: false, star: false })).toBe('nothing');
  });
  it('takes tags separated by commas, without empties, # or repeats in any case', () => {
    expect(parseTags(' ai, #ML ,, ml , Reading')).toEqual(['ai', 'ML', 'Reading']);
    expect(parseTags('')).toEqual([]);
  });
  it('says why a query is refused without repeating the query', () => {
    expect(queryProblem('tag:', 'search: tag:: tag: needs a value (tag:something)')).toBe('tag: needs a value (tag:something)');
    expect(queryProblem('x', 'something else')).toBe('something else');
  });
  it('counts in words', () => {
    expect(matchesLabel(0)).toBe('No article matches');
    expect(matchesLabel(1)).toBe('1 article matches');
    expect(matchesLabel(12)).toBe('12 articles match');
    expect(runQuestion('AI', 5, 3)).toBe('“AI” matches 5 articles and would change 3 of them.');
    expect(retentionLine(1, 1)).toBe('1 read article older than 1 day');
    expect(retentionLine(4, 30)).toBe('4 read articles older than 30 days');
    expect(retentionLine(4, null)).toBe('4 read articles');
  });
});
