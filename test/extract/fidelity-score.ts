// Word-level F1 between the text we store and Readability's expected output, shared by the
// fidelity test and the extraction benchmark. In Chinese and Japanese each character is a word.

import { parsePage } from '../../src/extract/dom.js';
import { htmlToText } from '../../src/extract/text.js';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

export function words(text: string): string[] {
  const out: string[] = [];
  for (const token of text.toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? []) {
    if (!CJK.test(token)) {
      out.push(token);
      continue;
    }
    // Split CJK runs into characters, keep other-script runs inside the token whole.
    for (const part of token.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu) ?? []) out.push(part);
  }
  return out;
}

export function f1(ours: string, expected: string): number {
  const a = counts(words(ours));
  const b = counts(words(expected));
  let common = 0;
  let sizeA = 0;
  let sizeB = 0;
  for (const n of a.values()) sizeA += n;
  for (const n of b.values()) sizeB += n;
  for (const [word, n] of a) common += Math.min(n, b.get(word) ?? 0);
  if (sizeA === 0 && sizeB === 0) return 1;
  if (common === 0) return 0;
  const precision = common / sizeA;
  const recall = common / sizeB;
  return (2 * precision * recall) / (precision + recall);
}

/** The text of an HTML fragment, the same way the pipeline takes the text of its output. */
export function textOfHtml(html: string): string {
  const doc = parsePage(`<!doctype html><html><body>${html}</body></html>`, null);
  return htmlToText(doc.body);
}

function counts(list: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const w of list) map.set(w, (map.get(w) ?? 0) + 1);
  return map;
}
