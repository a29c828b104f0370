// The judged query set of the search bench, made from each judged page with a fixed seed:
//  - title: 2–3 of the title's rarest words (what a reader remembers of a headline);
//  - sentence: 3–5 content words of one body sentence, in order but not as a phrase;
//  - altered: a title or sentence query with one English word in another form (plural↔singular,
//    -ing/-ed) that is a real word (found elsewhere in the collection) but absent from the page,
//    as a person misremembers it: only a stemmer finds the page by that word;
//  - trap: a 2-letter word or 3-letter acronym of the page that starts many other words (`us`, `ai`, `ux`) with
//    one or two words of a sentence around it: prefix matching drowns the page.
// Words are letters only (no digits, apostrophes or hyphens inside), so that both our query
// language and FTS5's read them as the same plain words; stop words are left out. The page is the
// relevant answer; another document that also fits is fine (MRR counts the page's rank).

import { random, splitSentences } from './corpus.js';
import type { JudgedDoc } from './judged.js';

export type QueryKind = 'title' | 'sentence' | 'altered' | 'trap';
export const QUERY_KINDS: readonly QueryKind[] = ['title', 'sentence', 'altered', 'trap'];

export interface JudgedQuery {
  kind: QueryKind;
  /** The judged page's folder name under ../shared/corpus/pages. */
  page: string;
  /** Plain words, lower case, separated by one space. */
  q: string;
  /** For an altered query: the word as the page has it and as the query has it. */
  altered?: [string, string];
}

const SENTENCE_QUERIES = 4;
const MAX_ALTERED = 2;
const MAX_TRAPS = 2;
/** A trap word starts at least this many other words of the collection. */
const TRAP_PREFIX_OF = 15;

const STOP = new Set(`a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he her here hers
him his how however i if in into is it its itself just me more most my no nor not now of off on once only or other our ours
out over own same she should so some such than that the their theirs them then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you your yours yet via per near
says said say one two new get got like make made may might must us let see use used using many much well even still back
de la le les des du un une et en est pour que qui dans sur par au aux ce cette il elle ne pas plus se son sa ses ont été
el los las del por con para una uno como más pero sus lo al es su le ya o y
der die das und den dem ein eine ist mit von zu im für auf nicht sich auch als an bei oder
je se na ve za že to do od po ale jak pro by si jsou byl`.split(/\s+/));

/** Whitespace-separated chunks of the text with outer punctuation off, lower case. */
function chunks(text: string): string[] {
  return text.split(/\s+/).map((c) => c.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''));
}

const isWord = (w: string) => /^\p{L}+$/u.test(w);
const isContent = (w: string) => w.length >= 3 && isWord(w) && !STOP.has(w);

/** Words as both tokenizers see them: runs of letters and digits, lower case. */
export function vocabulary(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/** How many documents have each word. */
function documentFrequency(docs: readonly JudgedDoc[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const d of docs) for (const w of vocabulary(`${d.title} ${d.body}`)) df.set(w, (df.get(w) ?? 0) + 1);
  return df;
}

/** English by its stop words: one word in five or more is one (our pages' lang is often missing). */
function looksEnglish(text: string): boolean {
  const words = chunks(text.slice(0, 5000).toLowerCase()).filter(isWord);
  const english = words.filter((w) => ['the', 'and', 'of', 'to', 'is', 'in', 'that', 'for', 'it', 'with', 'was', 'on'].includes(w)).length;
  return words.length > 0 && english / words.length >= 0.12;
}

/** `count` items of `list` picked at random, in their order in `list`. */
function pickInOrder<T>(list: readonly T[], count: number, rand: () => number): T[] {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, list.length)) chosen.add(Math.floor(rand() * list.length));
  return [...chosen].sort((a, b) => a - b).map((i) => list[i]!);
}

function shuffled<T>(list: readonly T[], rand: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Other forms of an English word a person may say instead: plural↔singular, -ing↔-ed. */
export function otherForms(word: string): string[] {
  const w = word;
  const out: string[] = [];
  const undouble = (s: string) => (/([b-df-hj-np-tv-z])\1$/.test(s) ? s.slice(0, -1) : s);
  if (w.endsWith('ing') && w.length >= 6) {
    const stem = w.slice(0, -3);
    out.push(`${stem}ed`, undouble(stem), `${stem}e`, `${undouble(stem)}s`, `${stem}es`);
  } else if (w.endsWith('ed') && w.length >= 5) {
    // The bare stem only after a doubled consonant (`stopped`): elsewhere it is often another word (`united`, `unit`).
    const stem = w.slice(0, -2);
    out.push(`${stem}ing`, `${stem}e`, ...(undouble(stem) !== stem ? [undouble(stem)] : []), `${stem}es`);
  } else if (w.endsWith('ies') && w.length >= 5) {
    out.push(`${w.slice(0, -3)}y`);
  } else if (/(s|x|z|ch|sh)es$/.test(w) && w.length >= 5) {
    out.push(w.slice(0, -2));
  } else if (w.endsWith('s') && !/(ss|us|is|ys)$/.test(w) && w.length >= 4) {
    out.push(w.slice(0, -1));
  } else if (!w.endsWith('s')) {
    out.push(/[^aeiou]y$/.test(w) ? `${w.slice(0, -1)}ies` : /(x|z|ch|sh)$/.test(w) ? `${w}es` : `${w}s`);
  }
  return [...new Set(out)].filter((f) => f !== w && f.length >= 3);
}

export function makeJudgedQueries(docs: readonly JudgedDoc[], seed = 14): JudgedQuery[] {
  const df = documentFrequency(docs);
  const rand = random(seed);
  const out: JudgedQuery[] = [];
  for (const doc of docs) {
    if (doc.page === null) continue;
    const page = doc.page;
    const own = vocabulary(`${doc.title} ${doc.body}`);
    const queries: JudgedQuery[] = [];
    const add = (kind: QueryKind, words: string[], altered?: [string, string]) => {
      const q = words.join(' ');
      if (words.length >= 2 && !queries.some((x) => x.q === q)) queries.push({ kind, page, q, ...(altered ? { altered } : {}) });
    };

    // Title: the rarest words are the ones a reader remembers; kept in the title's order.
    const titleWords = [...new Set(chunks(doc.title.toLowerCase()).filter(isContent))];
    const rarest = [...titleWords].sort((a, b) => (df.get(a) ?? 0) - (df.get(b) ?? 0) || titleWords.indexOf(a) - titleWords.indexOf(b));
    const inTitleOrder = (words: string[]) => titleWords.filter((w) => words.includes(w));
    if (titleWords.length >= 2) add('title', inTitleOrder(pickInOrder(rarest.slice(0, 4), 2, rand)));
    if (titleWords.length >= 3) add('title', inTitleOrder(pickInOrder(rarest.slice(0, 5), 3, rand)));

    // Sentence: 3–5 content words of a sentence with enough of them.
    const sentences = splitSentences(doc.body).map((s) => ({ s, words: [...new Set(chunks(s.toLowerCase()).filter(isContent))] })).filter((x) => x.words.length >= 6);
    for (const { words } of shuffled(sentences, rand).slice(0, SENTENCE_QUERIES)) add('sentence', pickInOrder(words, 3 + Math.floor(rand() * 3), rand));

    // Altered: one word of a title or sentence query in a form found elsewhere but not in the page.
    if (looksEnglish(doc.body)) {
      const bases = [queries.find((x) => x.kind === 'title'), ...queries.filter((x) => x.kind === 'sentence')].filter((x) => x !== undefined);
      let altered = 0;
      for (const base of bases) {
        if (altered >= MAX_ALTERED) break;
        const words = base.q.split(' ');
        const at = words.findIndex((w) => otherForms(w).some((f) => (df.get(f) ?? 0) > 0 && !own.has(f)));
        if (at < 0) continue;
        const form = otherForms(words[at]!).find((f) => (df.get(f) ?? 0) > 0 && !own.has(f))!;
        add('altered', words.map((w, i) => (i === at ? form : w)), [words[at]!, form]);
        altered++;
      }
    }

    // Trap: a short word of the page that starts many others, with words of a sentence around it.
    const starts = (short: string) => {
      let n = 0;
      for (const w of df.keys()) if (w.length > short.length && w.startsWith(short) && ++n >= TRAP_PREFIX_OF) return true;
      return false;
    };
    // Two letters (`go`, `AI`), or three written as an acronym (`CSS`); a two-letter stop word only as an acronym (`US`).
    const shorts = [...new Set(chunks(`${doc.title} ${doc.body}`).filter((c) => isWord(c) && (c.length === 2 || (c.length === 3 && c === c.toUpperCase()))
      && (c.length === 2 && c === c.toUpperCase() || !STOP.has(c.toLowerCase())) && !['or', 'and', 'not', 'near'].includes(c.toLowerCase())))];
    let traps = 0;
    for (const short of shuffled(shorts, rand)) {
      if (traps >= MAX_TRAPS) break;
      const word = short.toLowerCase();
      if (!starts(word)) continue;
      const around = sentences.find((x) => chunks(x.s).includes(short));
      if (!around) continue;
      const others = around.words.filter((w) => w !== word);
      if (others.length === 0) continue;
      const picked = pickInOrder(others, 1 + Math.floor(rand() * 2), rand);
      add('trap', [word, ...picked]);
      traps++;
    }
    out.push(...queries);
  }
  return out;
}
