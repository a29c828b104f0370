// The judged query set's generator on a self-made collection: every kind of query comes out,
// an altered word is a real word of the collection that the page lacks, a trap word starts many
// others, stop words and operators stay out, and the same seed gives the same set.

import { describe, expect, it } from 'vitest';
import type { JudgedDoc } from '../../bench/search/judged.js';
import { makeJudgedQueries, otherForms, vocabulary } from '../../bench/search/judged-queries.js';

const page: JudgedDoc = {
  id: '0000000000000000', page: 'gpu-page', source: 'page', lang: 'en',
  title: 'Graphics cards and the tensor compilers of AI labs',
  body: [
    'The new compiler schedules every tensor kernel on the graphics card before the training run starts.',
    'Researchers working on AI models measured how the scheduler changed the throughput of large clusters.',
    'In the end the cards were faster, and the engineers said the kernels needed no further tuning at all.',
    'A second experiment compared older drivers with the patched releases across three different vendors.',
  ].join(' '),
};

// Distractors: other forms of the page's words live here (`compiler`, `scheduled`), and many
// words that start with `ai` make it a trap.
const distractor = (i: number, text: string): JudgedDoc => ({ id: (i + 1).toString(16).padStart(16, '0'), page: null, source: 'feed', lang: null, title: `note ${i}`, body: text });
const docs: JudgedDoc[] = [
  page,
  distractor(0, 'The compiler scheduled a card game and the researcher kernel trainings were faster.'),
  distractor(1, 'aid aide aim aimed aims air airbag airline airport aisle aisles aioli aikido airy airs aiming ailing'),
  distractor(2, 'A graphic of a tensors chart; cluster driver vendor release experiments engineer.'),
];

describe('makeJudgedQueries', () => {
  const queries = makeJudgedQueries(docs, 3);

  it('makes title, sentence, altered and trap queries for the page', () => {
    expect(new Set(queries.map((q) => q.kind))).toEqual(new Set(['title', 'sentence', 'altered', 'trap']));
    expect(queries.every((q) => q.page === 'gpu-page')).toBe(true);
  });

  it('alters a word into a form found elsewhere in the collection but not in the page', () => {
    const own = vocabulary(`${page.title} ${page.body}`);
    const others = vocabulary(docs.slice(1).map((d) => `${d.title} ${d.body}`).join(' '));
    for (const q of queries.filter((x) => x.kind === 'altered')) {
      const [from, to] = q.altered!;
      expect(own.has(from)).toBe(true);
      expect(own.has(to)).toBe(false);
      expect(others.has(to)).toBe(true);
      expect(q.q.split(' ')).toContain(to);
    }
  });

  it('leads a trap query with a short word that starts many others', () => {
    const traps = queries.filter((x) => x.kind === 'trap');
    expect(traps.map((t) => t.q.split(' ')[0])).toContain('ai');
  });

  it('keeps stop words and operators out, and words plain letters in lower case', () => {
    for (const { q, kind } of queries) {
      const words = q.split(' ');
      expect(words.length).toBeGreaterThanOrEqual(2);
      for (const w of words) {
        expect(w).toMatch(/^\p{Ll}+$/u);
        if (kind !== 'trap' || w !== words[0]) expect(['the', 'and', 'of', 'or', 'not', 'on', 'in']).not.toContain(w);
      }
      expect(new Set(words).size).toBe(words.length);
    }
  });

  it('gives the same set for the same seed', () => {
    expect(makeJudgedQueries(docs, 3)).toEqual(queries);
  });
});

describe('otherForms', () => {
  it('turns plurals, -ing and -ed forms into the others a person may say', () => {
    expect(otherForms('cards')).toContain('card');
    expect(otherForms('card')).toContain('cards');
    expect(otherForms('libraries')).toContain('library');
    expect(otherForms('library')).toContain('libraries');
    expect(otherForms('boxes')).toContain('box');
    expect(otherForms('scheduled')).toEqual(expect.arrayContaining(['scheduling', 'schedule']));
    expect(otherForms('stopped')).toEqual(expect.arrayContaining(['stopping', 'stop']));
    expect(otherForms('training')).toEqual(expect.arrayContaining(['trained', 'train']));
  });

  it('does not cut a word that only looks inflected', () => {
    expect(otherForms('united')).not.toContain('unit');
    expect(otherForms('class')).not.toContain('clas');
    expect(otherForms('status')).not.toContain('statu');
  });
});
