// One document as the index sees it: its folded words, where each occurs, and a weighted
// count per word (a word in the title counts TITLE_WEIGHT times). Fields are separated by a
// gap of one position so that a phrase never runs from one field into the next.

import { type Stem, indexTerms, languageMark, languageOf, stemmerFor } from './terms.js';

export const TITLE_WEIGHT = 3;
/**
 * How text becomes terms (words, stems, compounds: see terms.ts). An index built with another
 * version holds other terms and must be rebuilt.
 */
export const ANALYSIS_VERSION = 5;

/** What the index stores about an article; the body is the whole of articles/<id>.txt. */
export interface IndexDoc {
  id: string;
  /** The article's content hash: a changed hash means the text must be indexed again. */
  hash: string;
  title: string;
  byline: string;
  site: string;
  body: string;
  /** The article's language (BCP 47), or null when not known. */
  lang?: string | null;
}

export interface TermHits {
  /** Weighted occurrences. */
  tf: number;
  positions: number[];
}

export interface AnalyzedDoc {
  id: string;
  hash: string;
  /** Number of words in all fields. */
  length: number;
  terms: Map<string, TermHits>;
}

export function analyze(doc: IndexDoc): AnalyzedDoc {
  const terms = new Map<string, TermHits>();
  let position = 0;
  let length = 0;
  const fields: [string, number][] = [[doc.title, TITLE_WEIGHT], [doc.byline, 1], [doc.site, 1], [doc.body, 1]];
  const lang = analysisLanguage(doc);
  const stem = stemmerFor(lang);
  for (const [text, weight] of fields) {
    const start = position;
    const used = indexTerms(text, stem, (term, at) => {
      let hits = terms.get(term);
      if (!hits) terms.set(term, (hits = { tf: 0, positions: [] }));
      hits.tf += weight;
      hits.positions.push(start + at);
      length++;
    });
    position += used + 1;
  }
  // Not a word: not counted in the length.
  const mark = languageMark(lang);
  if (mark !== null) terms.set(mark, { tf: 1, positions: [position] });
  return { id: doc.id, hash: doc.hash, length, terms };
}

/** The language a document is analyzed in: its own when known, else the one its text looks like. */
export function analysisLanguage(doc: IndexDoc): string {
  return languageOf(doc.lang, doc.title, doc.body);
}

/** The stemmer for a document: of its language when known, else of the language its text looks like. */
export function stemmerOf(doc: IndexDoc): Stem {
  return stemmerFor(analysisLanguage(doc));
}
