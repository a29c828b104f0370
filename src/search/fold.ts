// Words for the index and the query alike: case and diacritics folded (Polish ł → l, which
// Unicode does not decompose), runs of letters and digits as words (c++, c#, f# and .net keep
// their signs), and each CJK character (Han, Hiragana, Katakana) as a word of its own since those
// scripts put no spaces between words (bigrams would double the postings of CJK text for little:
// phrases of single characters already find words in order).
// A hand-written scanner: Unicode-property regular expressions over whole texts were 10x slower.
// Changing how words are made changes what the index holds: bump ANALYSIS_VERSION (analyze.ts)
// so that indexes on disk are rebuilt.

const SEPARATOR = 0;
const WORD = 1;
const CJK = 2;
/** Invisible inside a word (soft hyphen, zero-width joiner and non-joiner, word joiner, BOM): skipped, the word goes on. */
const INVISIBLE = 3;
const INVISIBLE_CODES = new Set([0xad, 0x200c, 0x200d, 0x2060, 0xfeff]);
// Alternation, not a class: a joiner in a class reads as joining its neighbours.
const INVISIBLE_RE = /\u00ad|\u200c|\u200d|\u2060|\ufeff/g;

const CJK_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD_RE = /[\p{L}\p{N}\p{M}]/u;
const MARKS = /\p{M}+/gu;
const NON_DECOMPOSING: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ħ: 'h', ı: 'i', ŧ: 't', ß: 'ss', æ: 'ae', œ: 'oe' };
const NON_DECOMPOSING_RE = /[łøđħıŧßæœ]/g;
// Ligatures (ﬁ ﬂ ﬀ, from text copied out of PDFs) and fullwidth Latin letters and digits (ＧＰＵ on
// Japanese and Chinese pages): their compatibility form. Not NFKC over everything, which would
// make letters of signs (™ → TM: Windows™ would become "windowstm").
const COMPATIBLE_RE = /[\ufb00-\ufb06\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g;

const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII[c] = /[A-Za-z0-9]/.test(String.fromCharCode(c)) ? WORD : SEPARATOR;
const classes = new Map<number, number>();
const folded = new Map<string, string>();
const MAX_CACHED = 200_000;

function classOf(code: number): number {
  if (code < 128) return ASCII[code]!;
  let kind = classes.get(code);
  if (kind === undefined) {
    const char = String.fromCodePoint(code);
    kind = INVISIBLE_CODES.has(code) ? INVISIBLE : CJK_RE.test(char) ? CJK : WORD_RE.test(char) ? WORD : SEPARATOR;
    classes.set(code, kind);
  }
  return kind;
}

/** Lower case, no diacritics, NFC. The same function runs on documents and on queries. */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  if (!/[^\u0000-\u007f]/.test(lower)) return lower;
  return lower
    .replace(INVISIBLE_RE, '')
    .replace(COMPATIBLE_RE, (c) => c.normalize('NFKC'))
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(NON_DECOMPOSING_RE, (c) => NON_DECOMPOSING[c] ?? c)
    .normalize('NFC');
}

/** One word folded; words with non-ASCII letters are remembered, they repeat a lot. */
function foldWord(word: string, ascii: boolean): string {
  if (ascii) return word.toLowerCase();
  let out = folded.get(word);
  if (out === undefined) {
    out = fold(word);
    if (folded.size >= MAX_CACHED) folded.clear();
    folded.set(word, out);
  }
  return out;
}

/** What joins a word to the one before it with no space: '.', '-', or nothing ('') for a new word. */
export type Link = '' | '.' | '-';

const PLUS = 43;
const HASH = 35;
const DOT = 46;
const HYPHEN = 45;

function isWordAt(text: string, i: number): boolean {
  if (i >= text.length) return false;
  return classOf(text.codePointAt(i)!) === WORD;
}

/**
 * Call `found` with the start and end of each word of `text`, in order, and what links it to the
 * word before. Words people search for keep their signs: a word of one or two letters followed
 * by ++ or # (c++, c#, f#) and a word of letters right after a lone leading dot (.net).
 */
function scan(text: string, found: (start: number, end: number, ascii: boolean, link: Link) => void): void {
  const n = text.length;
  let start = -1;
  let ascii = true;
  let link: Link = '';
  let pending: Link = '';
  for (let i = 0; i < n; ) {
    const code = text.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const kind = classOf(code);
    // Bundes&shy;regierung reads as one word: the sign is dropped when the word is folded.
    if (kind === INVISIBLE) {
      if (start !== -1) ascii = false;
      i += width;
      continue;
    }
    if (kind === WORD) {
      if (start === -1) {
        start = i;
        ascii = true;
        link = pending;
        if (link === '' && i > 0 && text.charCodeAt(i - 1) === DOT && ((code | 32) >= 97 && (code | 32) <= 122) && (i === 1 || !isDotOrWord(text, i - 2))) start = i - 1;
      }
      if (code >= 128) ascii = false;
      i += width;
      continue;
    }
    pending = '';
    if (start !== -1) {
      let end = i;
      if (end - start <= 2 && link === '') {
        if (code === PLUS && text.charCodeAt(i + 1) === PLUS && !isWordAt(text, i + 2)) end = i + 2;
        else if (code === HASH && !isWordAt(text, i + 1)) end = i + 1;
      }
      found(start, end, ascii, link);
      start = -1;
      if (end > i) {
        i = end;
        continue;
      }
      if ((code === DOT || code === HYPHEN) && isWordAt(text, i + 1)) pending = code === DOT ? '.' : '-';
    }
    if (kind === CJK) found(i, i + width, false, '');
    i += width;
  }
  if (start !== -1) found(start, n, ascii, link);
}

function isDotOrWord(text: string, i: number): boolean {
  return text.charCodeAt(i) === DOT || isWordAt(text, i);
}

/** Each folded word of a text with what links it to the word before (see scan). */
export function scanWords(text: string, found: (word: string, link: Link) => void): void {
  const lower = text.toLowerCase();
  scan(lower, (start, end, ascii, link) => {
    const word = ascii ? lower.slice(start, end) : foldWord(lower.slice(start, end), false);
    if (word !== '') found(word, link);
  });
}

/** The folded words of a text, in order. */
export function tokenize(text: string): string[] {
  // Lower-casing the whole text at once is much cheaper than word by word; offsets may shift
  // (a few letters change length), which is fine here: only the words are wanted.
  const tokens: string[] = [];
  scanWords(text, (word) => tokens.push(word));
  return tokens;
}

export interface TokenSpan {
  /** The folded word. */
  token: string;
  /** Where the word is in the original (unfolded) text. */
  start: number;
  end: number;
  /** What joins it to the word before (see scan): e-mail is e, then mail linked by '-'. */
  link: Link;
}

/** The words of a text with their places in the original, for snippets. */
export function tokenSpans(text: string): TokenSpan[] {
  const spans: TokenSpan[] = [];
  scan(text, (start, end, ascii, link) => {
    const token = foldWord(text.slice(start, end), ascii);
    if (token !== '') spans.push({ token, start, end, link });
  });
  return spans;
}
