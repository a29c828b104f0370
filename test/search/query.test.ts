// The query language: one parser for the search box, the command line and rules.

import { describe, expect, it } from 'vitest';
import { TidingsError } from '../../src/errors.js';
import { parseQuery } from '../../src/search/index.js';

function invalid(query: string): TidingsError {
  try {
    parseQuery(query);
  } catch (error) {
    expect(error).toBeInstanceOf(TidingsError);
    expect((error as TidingsError).kind).toBe('invalid');
    expect((error as TidingsError).message.startsWith('search: ')).toBe(true);
    return error as TidingsError;
  }
  throw new Error(`expected ${query} to be refused`);
}

describe('search: query language', () => {
  it('parses words, the last one a prefix while typing unless the query ends with a space', () => {
    expect(parseQuery('gpu twit', { typing: true }).groups).toEqual([
      { negated: false, items: [{ kind: 'text', tokens: ['gpu'], prefix: false }] },
      { negated: false, items: [{ kind: 'text', tokens: ['twit'], prefix: true }] },
    ]);
    expect(parseQuery('gpu twit ', { typing: true }).groups[1]!.items[0]).toEqual({ kind: 'text', tokens: ['twit'], prefix: false });
  });

  it('parses phrases, negations and OR', () => {
    const q = parseQuery('"sztuczną inteligencję" -twitter a OR b');
    expect(q.groups).toEqual([
      { negated: false, items: [{ kind: 'text', tokens: ['sztuczna', 'inteligencje'], prefix: false }] },
      { negated: true, items: [{ kind: 'text', tokens: ['twitter'], prefix: false }] },
      { negated: false, items: [{ kind: 'text', tokens: ['a'], prefix: false }, { kind: 'text', tokens: ['b'], prefix: false }] },
    ]);
    expect(parseQuery('-"exact words"').groups[0]).toEqual({ negated: true, items: [{ kind: 'text', tokens: ['exact', 'words'], prefix: false }] });
    expect(parseQuery('or and').groups).toHaveLength(2); // lower-case "or" is a word
  });

  it('parses every operator', () => {
    const q = parseQuery('tag:ai -tag:"machine learning" feed:Ars site:example.com is:unread is:starred before:2023-05-01 after:2022-01-31 sort:date');
    expect(q.sort).toBe('date');
    expect(q.groups.map((g) => [g.negated, g.items[0]])).toEqual([
      [false, { kind: 'tag', value: 'ai' }],
      [true, { kind: 'tag', value: 'machine learning' }],
      [false, { kind: 'feed', value: 'Ars' }],
      [false, { kind: 'site', value: 'example.com' }],
      [false, { kind: 'is', value: 'unread' }],
      [false, { kind: 'is', value: 'starred' }],
      [false, { kind: 'before', value: '2023-05-01' }],
      [false, { kind: 'after', value: '2022-01-31' }],
    ]);
    expect(parseQuery('tag:a OR tag:b').groups).toEqual([{ negated: false, items: [{ kind: 'tag', value: 'a' }, { kind: 'tag', value: 'b' }] }]);
    expect(parseQuery('TAG:x').groups[0]!.items[0]).toEqual({ kind: 'tag', value: 'x' });
  });

  it('reads a word that folds into several words as a phrase', () => {
    expect(parseQuery('elon-musk ').groups[0]!.items).toEqual([{ kind: 'text', tokens: ['elonmusk'], prefix: false }, { kind: 'text', tokens: ['elon', 'musk'], prefix: false }]);
    expect(parseQuery('人工').groups[0]!.items[0]).toEqual({ kind: 'text', tokens: ['人', '工'], prefix: false });
  });

  it('keeps URLs and times as words rather than operators', () => {
    expect(parseQuery('https://example.com/x ').groups[0]!.items[0]).toMatchObject({ kind: 'text', tokens: ['https', 'example', 'com', 'x'] });
    expect(parseQuery('10:30').groups[0]!.items[0]).toMatchObject({ kind: 'text', tokens: ['10', '30'] });
  });

  it('refuses unknown operators and bad values with a clear message', () => {
    expect(invalid('foo:bar').message).toContain("unknown operator 'foo:'");
    expect(invalid('is:archived').message).toContain('is:unread');
    expect(invalid('before:2023-13-01').message).toContain('before:2023-05-01');
    expect(invalid('after:yesterday').message).toContain('after:');
    expect(invalid('before:2023-02-30').message).toContain('before:');
    expect(invalid('tag:').message).toContain('needs a value');
    expect(invalid('sort:title').message).toContain('sort:date');
    expect(invalid('a OR').message).toContain('OR');
    expect(invalid('OR a').message).toContain('OR');
    expect(invalid('a OR tag:b').message).toContain('not both');
    expect(invalid('x'.repeat(3000)).message).toContain('at most');
  });

  it('ignores what has no words at all', () => {
    expect(parseQuery('').groups).toEqual([]);
    expect(parseQuery(' -- ... ').groups).toEqual([]);
  });
});
