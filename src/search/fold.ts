// Words for the index and the query alike: case and diacritics folded (Polish ł → l, which
// Unicode does not decompose), runs of letters and digits as words, and each CJK character
// (Han, Hiragana, Katakana) as a word of its own since those scripts put no spaces between words.

const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}`;
/** A CJK character alone, or a run of letters, digits and combining marks that are not CJK. */
const WORD = new RegExp(String.raw`[${CJK}]|[[\p{L}\p{N}\p{M}]--[${CJK}]]+`, 'gv');
const MARKS = /\p{M}+/gu;
const NON_DECOMPOSING: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ħ: 'h', ı: 'i', ŧ: 't', ß: 'ss', æ: 'ae', œ: 'oe' };
const NON_DECOMPOSING_RE = /[łøđħıŧßæœ]/g;

/** Lower case, no diacritics, NFC. The same function runs on documents and on queries. */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  // Fast path: plain ASCII has nothing to fold.
  if (!/[^\u0000-\u007f]/.test(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(NON_DECOMPOSING_RE, (c) => NON_DECOMPOSING[c] ?? c)
    .normalize('NFC');
}

/** The folded words of a text, in order. */
export function tokenize(text: string): string[] {
  return fold(text).match(WORD) ?? [];
}

export interface TokenSpan {
  /** The folded word. */
  token: string;
  /** Where the word is in the original (unfolded) text. */
  start: number;
  end: number;
}

/** The words of a text with their places in the original, for snippets. */
export function tokenSpans(text: string): TokenSpan[] {
  const spans: TokenSpan[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const folded = fold(match[0]).match(WORD) ?? [];
    for (const token of folded) spans.push({ token, start, end: start + match[0].length });
  }
  return spans;
}
