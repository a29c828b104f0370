// The judged search bench's metrics on hand-made rankings: MRR@10 counts the first relevant
// answer only and nothing past the tenth place; recall@10 is the share of relevant answers in
// the first ten. The FTS5 translation keeps every word a plain word (no operator gets through).

import { describe, expect, it } from 'vitest';
import { relevance, toFts5 } from '../../bench/search/relevance.js';

const ten = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];

describe('relevance', () => {
  it('averages the reciprocal rank of the first relevant answer over the queries', () => {
    const result = relevance([
      { ranked: ['x', 'p1', 'y'], relevant: ['p1'] },
      { ranked: ['p2', 'x'], relevant: ['p2'] },
      { ranked: ['x', 'y', 'z', 'p3'], relevant: ['p3'] },
      { ranked: [], relevant: ['p4'] },
    ]);
    expect(result.queries).toBe(4);
    expect(result.mrr).toBeCloseTo((1 / 2 + 1 + 1 / 4 + 0) / 4, 10);
    expect(result.recall).toBeCloseTo(3 / 4, 10);
  });

  it('gives nothing for an answer found past the tenth place', () => {
    const result = relevance([{ ranked: [...ten, 'p'], relevant: ['p'] }]);
    expect(result).toEqual({ queries: 1, mrr: 0, recall: 0 });
  });

  it('counts the tenth place', () => {
    const result = relevance([{ ranked: [...ten.slice(0, 9), 'p', 'q'], relevant: ['p'] }]);
    expect(result.mrr).toBeCloseTo(0.1, 10);
    expect(result.recall).toBe(1);
  });

  it('takes the first of several relevant answers for MRR and all of them for recall', () => {
    const result = relevance([{ ranked: ['x', 'p', 'y', 'q'], relevant: ['q', 'p', 'r', 's'] }]);
    expect(result.mrr).toBeCloseTo(1 / 2, 10);
    expect(result.recall).toBeCloseTo(2 / 4, 10);
  });

  it('does not count an answer ranked twice twice', () => {
    const result = relevance([{ ranked: ['p', 'p'], relevant: ['p', 'q'] }]);
    expect(result.recall).toBeCloseTo(1 / 2, 10);
  });

  it('is zero, not NaN, for no queries', () => {
    expect(relevance([])).toEqual({ queries: 0, mrr: 0, recall: 0 });
  });
});

describe('toFts5', () => {
  it('joins the words with AND, each quoted so that none is read as an operator', () => {
    expect(toFts5('gun laws')).toBe('"gun" AND "laws"');
    expect(toFts5('  not  near or ')).toBe('"not" AND "near" AND "or"');
    expect(toFts5('say "hi"')).toBe('"say" AND """hi"""');
  });
});
