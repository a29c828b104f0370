// Rules: checked when made, and what they do to one article.

import { describe, expect, it } from 'vitest';
import { TidingsError } from '../../src/errors.js';
import { applyRule, makeRule } from '../../src/tags/index.js';

describe('tags: rules', () => {
  it('makes a rule with normalized tags and the query as default name', () => {
    const rule = makeRule({ query: ' tag:gpu nvidia ', addTags: [' Hardware  news '], star: true }, 'r1', '2024-01-01T00:00:00.000Z');
    expect(rule).toEqual({ id: 'r1', name: 'tag:gpu nvidia', query: 'tag:gpu nvidia', addTags: ['Hardware news'], markRead: false, star: true, createdAt: '2024-01-01T00:00:00.000Z' });
  });

  it('refuses an empty query, a bad query and a rule that does nothing', () => {
    expect(() => makeRule({ query: '  ', addTags: ['a'] }, 'r', 'now')).toThrow(TidingsError);
    expect(() => makeRule({ query: 'foo:bar', addTags: ['a'] }, 'r', 'now')).toThrow(/unknown operator/);
    expect(() => makeRule({ query: 'gpu' }, 'r', 'now')).toThrow(/must add tags, mark read or star/);
    expect(() => makeRule({ query: 'gpu', addTags: [''] }, 'r', 'now')).toThrow(/empty/);
  });

  it('adds tags, marks read and stars, and says when nothing changes', () => {
    const rule = makeRule({ query: 'gpu', addTags: ['hw'], markRead: true }, 'r', 'now');
    expect(applyRule(rule, { tags: ['x'], read: false, starred: false })).toEqual({ tags: ['x', 'hw'], read: true, starred: false });
    expect(applyRule(rule, { tags: ['HW'], read: true, starred: false })).toBeNull();
    expect(applyRule(makeRule({ query: 'gpu', star: true }, 'r', 'now'), { tags: [], read: true, starred: false })).toEqual({ tags: [], read: true, starred: true });
  });
});
