// A plain-text file into an article: lines broken for width joined, paragraphs kept,
// doubled spaces folded, a title taken from the text when none is given.

import { capText } from '../model/index.js';
import { detectLanguage } from './language.js';

export interface TextArticle {
  title: string;
  html: string;
  text: string;
  excerpt: string;
  lang: string | null;
  wordCount: number;
  readingMinutes: number;
}

const TITLE_MAX = 90;
const WORDS_PER_MINUTE = 220;

export function textToArticle(raw: string, options: { title?: string; lang?: string } = {}): TextArticle {
  let paragraphs = splitParagraphs(raw);
  let title = options.title?.trim() || '';
  if (!title && paragraphs.length > 1 && looksLikeHeading(paragraphs[0]!)) {
    title = paragraphs[0]!;
    paragraphs = paragraphs.slice(1);
  }
  if (!title) title = titleFromText(paragraphs[0] ?? '');
  const text = paragraphs.join('\n\n');
  const words = countWords(text);
  return {
    title: title || 'Untitled',
    html: `<article>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}</article>`,
    text,
    excerpt: truncateAtWord(paragraphs[0] ?? '', 240),
    lang: options.lang ?? detectLanguage(text),
    wordCount: words,
    readingMinutes: Math.max(1, Math.round(words / WORDS_PER_MINUTE)),
  };
}

export function splitParagraphs(raw: string): string[] {
  return raw
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u00a0]*\n+/)
    .map((block) => block.replace(/\u00ad\n/g, '').replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '');
}

function looksLikeHeading(line: string): boolean {
  return line.length <= 120 && !/[.!?…:;,]$/.test(line);
}

/** The first sentence, cut at a word boundary when long. */
export function titleFromText(paragraph: string): string {
  const sentence = /^(.+?[.!?…])(\s|$)/u.exec(paragraph)?.[1] ?? paragraph;
  return truncateAtWord(sentence.replace(/[.]$/, ''), TITLE_MAX);
}

export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : capText(cut, max)).replace(/[\s,;:–-]+$/u, '')}…`;
}

export function countWords(text: string): number {
  // In Chinese and Japanese each ideograph or kana counts as a word.
  const cjk = text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu)?.length ?? 0;
  const words = text.replace(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu, ' ').match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  return words + cjk;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
