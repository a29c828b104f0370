// What the index stores for a text and what a query word may match: folded words reduced to
// their stems (Snowball's algorithms from @orama/stemmers) in the document's language, plus
// compounds (node.js, e-mail, U.S., 3.5mm) as one more term at the place of their first part.
// Polish has no Snowball stemmer and no maintained npm one: Polish words stay whole (folded),
// so a Polish query finds them as it always did. Words are stemmed after folding, on both
// sides, so index and query always agree; stems are cached per word, words repeat a lot.

import { stemmer as danish } from '@orama/stemmers/danish';
import { stemmer as dutch } from '@orama/stemmers/dutch';
import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as german } from '@orama/stemmers/german';
import { stemmer as italian } from '@orama/stemmers/italian';
import { stemmer as portuguese } from '@orama/stemmers/portuguese';
import { stemmer as russian } from '@orama/stemmers/russian';
import { stemmer as spanish } from '@orama/stemmers/spanish';
import { stemmer as swedish } from '@orama/stemmers/swedish';
import { type Link, scanWords } from './fold.js';

export type Stem = (word: string) => string;

const ALGORITHMS: Record<string, (word: string) => string> = {
  en: english, de: german, fr: french, es: spanish, pt: portuguese, ru: russian,
  it: italian, nl: dutch, sv: swedish, da: danish,
};
/** Languages with a stemmer. */
export const STEMMED_LANGUAGES = Object.keys(ALGORITHMS);
/**
 * The term each document analyzed in a stemmed language holds (besides its words): which
 * languages' stems a query word is looked up in (see formsIn). Starts with a character no word
 * has, so that no query word or prefix reaches it.
 */
export function languageMark(lang: string): string | null {
  return ALGORITHMS[lang] ? `\u0000${lang}` : null;
}
const MAX_CACHED = 100_000;
/** Only words of letters are stemmed: numbers, c++, .net and compounds stay as written. */
const NOT_A_PLAIN_WORD = /[\d.+#-]/;
const stemmers = new Map<string, Stem>();

/** The cached stemmer of a language (a key of ALGORITHMS). */
function stemmerOf(lang: string): Stem {
  let stem = stemmers.get(lang);
  if (stem) return stem;
  const algorithm = ALGORITHMS[lang]!;
  const cache = new Map<string, string>();
  stem = (word: string): string => {
    let out = cache.get(word);
    if (out === undefined) {
      out = word.length < 3 || NOT_A_PLAIN_WORD.test(word) ? word : algorithm(word);
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(word, out);
    }
    return out;
  };
  stemmers.set(lang, stem);
  return stem;
}

const keep: Stem = (word) => word;

// A few of the commonest words of each language (folded), to tell the language of an article
// that does not say: the one whose words occur most among the first words of its text.
const STOP_WORDS: Record<string, string[]> = {
  en: ['the', 'and', 'of', 'to', 'is', 'that', 'for', 'with', 'this', 'are', 'was', 'it'],
  de: ['der', 'die', 'und', 'das', 'ist', 'nicht', 'mit', 'ein', 'eine', 'den', 'von', 'zu', 'sich', 'auf'],
  fr: ['le', 'la', 'les', 'et', 'des', 'est', 'une', 'dans', 'pour', 'que', 'pas', 'du', 'qui', 'sur', 'de'],
  es: ['el', 'los', 'las', 'y', 'que', 'del', 'una', 'por', 'con', 'para', 'es', 'se', 'lo', 'como', 'de', 'la', 'en'],
  pt: ['o', 'os', 'e', 'que', 'do', 'da', 'uma', 'para', 'com', 'nao', 'em', 'no', 'na', 'mais'],
  ru: ['и', 'в', 'не', 'на', 'что', 'с', 'по', 'как', 'это', 'он', 'к', 'но', 'из', 'у'],
  pl: ['i', 'w', 'nie', 'na', 'sie', 'z', 'ze', 'do', 'jest', 'to', 'jak', 'od', 'po', 'tak'],
  it: ['il', 'di', 'che', 'e', 'la', 'per', 'non', 'una', 'sono', 'del', 'della', 'gli', 'con', 'si'],
  nl: ['de', 'het', 'een', 'en', 'van', 'is', 'niet', 'dat', 'op', 'te', 'zijn', 'voor', 'met', 'ook'],
  // Latin, for the lorem ipsum of test pages and templates: not stemmed as French or English.
  la: ['et', 'in', 'ut', 'est', 'sed', 'non', 'ad', 'cum', 'quis', 'lorem', 'ipsum', 'dolor', 'amet'],
};
const VOTES = new Map<string, string[]>();
for (const [lang, words] of Object.entries(STOP_WORDS)) for (const w of words) VOTES.set(w, [...(VOTES.get(w) ?? []), lang]);
const GUESS_WORDS = 200;
const GUESS_CHARS = 2000;
const MIN_VOTES = 3;

/** The language whose common words occur most in the first words of `texts`; English when none stands out. */
export function guessLanguage(...texts: string[]): string {
  const counts = new Map<string, number>();
  let seen = 0;
  for (const text of texts) {
    if (seen >= GUESS_WORDS) break;
    scanWords(text.slice(0, GUESS_CHARS), (word) => {
      if (seen++ >= GUESS_WORDS) return;
      for (const lang of VOTES.get(word) ?? []) counts.set(lang, (counts.get(lang) ?? 0) + 1);
    });
  }
  let best = 'en';
  let bestCount = MIN_VOTES - 1;
  for (const [lang, count] of counts) {
    if (count > bestCount) [best, bestCount] = [lang, count];
  }
  return best;
}

/** The language to analyze a document in: its own (primary subtag) when given, else guessed. */
export function languageOf(lang: string | null | undefined, ...texts: string[]): string {
  const primary = lang?.trim().toLowerCase().split(/[-_]/)[0];
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : guessLanguage(...texts);
}

/** The stemmer for a language; languages without one (Polish, Japanese, …) keep words whole. */
export function stemmerFor(lang: string): Stem {
  return ALGORITHMS[lang] ? stemmerOf(lang) : keep;
}

/**
 * What a query word may match in the index: the word itself (as languages without a stemmer
 * hold it) and its stem in every stemmed language.
 */
export function variantsOf(token: string): string[] {
  return formsIn(token, STEMMED_LANGUAGES);
}

/**
 * The forms of a query word in an index holding articles of `langs` only: the word and its stem
 * in each of them. A stem in a language the index lacks only finds other words ('care', stemmed
 * as French or Spanish, is 'car').
 */
export function formsIn(token: string, langs: readonly string[]): string[] {
  const key = `${langs.join(' ')}\u0000${token}`;
  let out = forms.get(key);
  if (out) return out;
  out = [token];
  for (const lang of langs) {
    const stem = stemmerOf(lang)(token);
    if (!out.includes(stem)) out.push(stem);
  }
  // Remembered: a query's words come again at every keystroke and in every rule run, and
  // stemming a word in ten languages costs more than looking it up.
  if (forms.size >= MAX_FORMS) forms.clear();
  forms.set(key, out);
  return out;
}

const forms = new Map<string, string[]>();
const MAX_FORMS = 10_000;

/** The most words a compound joins (more is a list like a.b.c.d.e, not a name). */
export const MAX_PARTS = 4;

/**
 * Call `emit` with each term of `text` and its position (0-based); returns how many positions
 * the text takes. A compound (words joined by single dots or hyphens, at most MAX_PARTS) adds
 * one term at the position of its first part: hyphenated words joined whole and stemmed
 * (e-mails → email), others as written (node.js, u.s, 3.5mm, covid-19). A leading-dot word
 * (.net) also gives its bare word (net) at the same position.
 */
export function indexTerms(text: string, stem: Stem, emit: (term: string, position: number) => void): number {
  let position = 0;
  // The current run of linked words, kept as plain variables: this runs once per word indexed
  // and most words are not linked to the one before.
  let parts = 0;
  let first = 0;
  let firstTerm = '';
  let firstWord = '';
  let joined = '';
  let hyphenated = true;
  const flush = (): void => {
    if (parts < 2 || parts > MAX_PARTS) return;
    const compound = hyphenated ? stem(joined.replaceAll('-', '')) : joined;
    if (compound !== firstTerm) emit(compound, first);
  };
  scanWords(text, (word, link) => {
    const term = stem(word);
    if (link === '') {
      if (parts > 1) flush();
      parts = 1;
      first = position;
      firstTerm = term;
      firstWord = word;
    } else {
      if (parts === 1) {
        joined = firstWord;
        hyphenated = !NOT_A_PLAIN_WORD.test(firstWord);
      }
      parts++;
      joined += link + word;
      hyphenated &&= link === '-' && !NOT_A_PLAIN_WORD.test(word);
    }
    emit(term, position);
    if (word.charCodeAt(0) === 46 && word.length > 1) {
      const bare = stem(word.slice(1));
      if (bare !== word) emit(bare, position);
    }
    position++;
  });
  if (parts > 1) flush();
  return position;
}

/** The one term of a compound: see indexTerms. */
export function compoundTerm(parts: string[], links: Link[], stem: Stem): string {
  if (links.every((l, i) => i === 0 || l === '-') && parts.every((p) => !NOT_A_PLAIN_WORD.test(p))) return stem(parts.join(''));
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i++) out += links[i]! + parts[i]!;
  return out;
}

/**
 * When `text` is one compound (node.js, e-mail, U.S.), its term (unstemmed) and whether it was
 * hyphenated; null otherwise. A query word that is a compound is looked up as such.
 */
export function compoundOf(text: string): { term: string; hyphenated: boolean } | null {
  const parts: string[] = [];
  const links: Link[] = [];
  let groups = 0;
  scanWords(text, (word, link) => {
    if (link === '') groups++;
    parts.push(word);
    links.push(link);
  });
  if (groups !== 1 || parts.length < 2 || parts.length > MAX_PARTS) return null;
  return { term: compoundTerm(parts, links, keep), hyphenated: links.slice(1).every((l) => l === '-') };
}
