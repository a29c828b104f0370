// A query word is matched in its stems in every stemmed language, since the index mixes
// languages. In a library with no French, Spanish, German… articles those stems only did harm:
// 'care' (French/Spanish stem 'car') found every article about cars, 'poster' every 'post',
// 'testament' every 'test', 'format' every 'form'. A word's stem in a language is looked up
// only when the index holds articles analyzed in that language (English always: every language
// borrows its words).

import { describe, expect, it } from 'vitest';
import { analyze, type IndexDoc, MemoryIndex, parseQuery } from '../../src/search/index.js';
import { Segment, SegmentBuilder } from '../../src/search/segment.js';

const doc = (id: string, body: string, lang: string | null): IndexDoc => ({ id, hash: 'h', title: '', byline: '', site: '', body, lang });
const english = [
  doc('car', 'I drove my new car and two other cars.', 'en'),
  doc('care', 'Take care of the garden.', 'en'),
  doc('poster', 'A poster hangs on the wall.', 'en'),
  doc('post', 'Read the latest post on the blog.', 'en'),
  doc('test', 'The tests passed.', null),
];
const french = doc('fr', 'Les données sont dans la base pour une analyse.', 'fr');

function both(docs: IndexDoc[]): MemoryIndex[] {
  const memory = new MemoryIndex(null);
  for (const d of docs) memory.add(analyze(d));
  const builder = new SegmentBuilder();
  for (const d of docs) builder.add(d);
  const segment = new MemoryIndex(Segment.decode(builder.encode()));
  return [memory, segment];
}

function finds(index: MemoryIndex, query: string): string[] {
  const item = parseQuery(query).groups[0]!.items[0]!;
  if (item.kind !== 'text') throw new Error('not a text clause');
  const found = [...index.lookup(item.tokens, item.prefix).docs].map((d) => index.idOf(d)).sort();
  const contained = [...index.ids()].filter((id) => index.contains(id, item.tokens, item.prefix)).sort();
  expect(contained, `contains agrees with lookup for ${query}`).toEqual(found);
  return found;
}

describe('search: stems of the languages the index holds', () => {
  it('an English library does not match care with cars, poster with post, testament with tests', () => {
    for (const index of both(english)) {
      expect(finds(index, 'care')).toEqual(['care']);
      expect(finds(index, 'poster')).toEqual(['poster']);
      expect(finds(index, 'testament')).toEqual([]);
      expect(finds(index, 'cars')).toEqual(['car']);
      expect(finds(index, 'posts')).toEqual(['post']);
    }
  });

  it('French stems apply once the index holds a French article, in the segment or added since', () => {
    for (const index of both([...english, french])) expect(finds(index, 'donnee')).toEqual(['fr']);
    const [memory] = both(english);
    expect(finds(memory!, 'donnee')).toEqual([]);
    memory!.add(analyze(french));
    expect(finds(memory!, 'donnee')).toEqual(['fr']);
  });

  it('English stems always apply: a Polish library finds GPU for GPUs', () => {
    for (const index of both([doc('pl', 'Sztuczna inteligencja a GPU i modele.', 'pl')])) expect(finds(index, 'GPUs')).toEqual(['pl']);
  });

  it('the language marker is not a word: document lengths and word counts are unchanged', () => {
    const [memory, segment] = both(english);
    const analyzed = analyze(english[0]!);
    expect(analyzed.length).toBe(9);
    expect(segment!.base!.docLen[0]).toBe(9);
    expect(memory!.size).toBe(5);
  });
});
