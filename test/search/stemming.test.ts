// Word forms: a document's words are stemmed in its language (Snowball's algorithms), a query
// word matches its stems in every stemmed language, folding of diacritics stays, and Polish (no
// Snowball stemmer) keeps its words whole so the Polish seed is found as before.

import { describe, expect, it } from 'vitest';
import { analyze, type IndexDoc, MemoryIndex, parseQuery } from '../../src/search/index.js';
import { guessLanguage, languageOf } from '../../src/search/terms.js';

let n = 0;
const doc = (body: string, lang: string | null, title = ''): IndexDoc => ({ id: String(++n).padStart(16, '0'), hash: 'h', title, byline: '', site: '', body, lang });

/** Ids (in document order) the index finds for a query's first text clause. */
function finds(docs: IndexDoc[], query: string): string[] {
  const index = new MemoryIndex(null);
  for (const d of docs) index.add(analyze(d));
  const item = parseQuery(query).groups[0]!.items[0]!;
  if (item.kind !== 'text') throw new Error('not a text clause');
  return [...index.lookup(item.tokens, item.prefix).docs].map((d) => index.idOf(d));
}

describe('search: word forms', () => {
  it('finds English plurals and inflections both ways', () => {
    const gpu = doc('The new GPU is fast.', 'en');
    const gpus = doc('Two GPUs in one box.', 'en');
    const run = doc('I run every day.', 'en-GB');
    const running = doc('She was running late.', null);
    const all = [gpu, gpus, run, running];
    expect(finds(all, 'GPUs')).toEqual([gpu.id, gpus.id]);
    expect(finds(all, 'gpu')).toEqual([gpu.id, gpus.id]);
    expect(finds(all, 'running')).toEqual([run.id, running.id]);
    expect(finds(all, 'runs')).toEqual([run.id, running.id]);
  });

  it('stems German and French after folding, so umlauts and accents still match either way', () => {
    const haus = doc('Das Haus ist alt.', 'de');
    const hauser = doc('Die Häuser sind neu.', 'de-AT');
    expect(finds([haus, hauser], 'Häuser')).toEqual([haus.id, hauser.id]);
    expect(finds([haus, hauser], 'hauser')).toEqual([haus.id, hauser.id]);
    expect(finds([haus, hauser], 'Haus')).toEqual([haus.id, hauser.id]);
    const donnees = doc('Les données sont là.', 'fr');
    const donnee = doc('Une donnée manque.', 'fr');
    expect(finds([donnees, donnee], 'données')).toEqual([donnees.id, donnee.id]);
    expect(finds([donnees, donnee], 'donnee')).toEqual([donnees.id, donnee.id]);
  });

  it('stems Spanish, Portuguese and Russian documents', () => {
    const es = [doc('Las canciones nuevas.', 'es'), doc('Una canción vieja.', 'es')];
    expect(finds(es, 'canciones')).toEqual(es.map((d) => d.id));
    const pt = [doc('As cidades do Brasil.', 'pt-BR'), doc('Uma cidade nova.', 'pt')];
    expect(finds(pt, 'cidades')).toEqual(pt.map((d) => d.id));
    const ru = [doc('Новые книги вышли.', 'ru'), doc('Это хорошая книга.', 'ru')];
    expect(finds(ru, 'книгами')).toEqual(ru.map((d) => d.id));
  });

  it('keeps Polish words whole: the seed is found by sztuczną inteligencję, with or without diacritics', () => {
    const seed = doc('Rozwój sztucznej inteligencji. Czym jest sztuczną inteligencję nazywamy…', 'pl', 'Sztuczna inteligencja a GPU');
    const other = doc('Inny tekst o modelach.', 'pl');
    expect(finds([seed, other], '"sztuczną inteligencję"')).toEqual([seed.id]);
    expect(finds([seed, other], '"sztuczna inteligencje"')).toEqual([seed.id]);
    expect(finds([seed, other], 'sztuczna')).toEqual([seed.id]);
    // An unknown language that reads as Polish is not stemmed as English either.
    const unknown = doc('To jest sztuczną inteligencję i nie ma w tym nic do tego, że jest tak.', null);
    expect(languageOf(null, unknown.body)).toBe('pl');
    expect(finds([unknown], '"sztuczną inteligencję"')).toEqual([unknown.id]);
  });

  it('tells the language of a text that does not say from its common words, else English', () => {
    expect(guessLanguage('Der Hund und die Katze sind nicht mit dem Auto gefahren, das ist klar.')).toBe('de');
    expect(guessLanguage('Le chat et le chien sont dans la maison pour une nuit.')).toBe('fr');
    expect(guessLanguage('GPU CUDA kernels')).toBe('en');
    expect(languageOf('de-CH', 'the and of to is that')).toBe('de');
    expect(languageOf('  ', 'Le chat et le chien sont dans la maison pour une nuit.')).toBe('fr');
  });
});
