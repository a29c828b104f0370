// Word folding: case, diacritics (with the Polish ł that Unicode does not decompose), CJK
// characters as single words, and spans that point into the original text.

import { describe, expect, it } from 'vitest';
import { fold, tokenize, tokenSpans } from '../../src/search/index.js';

describe('search: folding and words', () => {
  it('folds case and diacritics, Polish letters included', () => {
    expect(tokenize('Zażółć GĘŚLĄ jaźń')).toEqual(['zazolc', 'gesla', 'jazn']);
    expect(tokenize('Łódź ŁÓDŹ łódź lodz')).toEqual(['lodz', 'lodz', 'lodz', 'lodz']);
    expect(tokenize('sztuczną inteligencję')).toEqual(['sztuczna', 'inteligencje']);
    expect(tokenize('Crème brûlée, naïve café')).toEqual(['creme', 'brulee', 'naive', 'cafe']);
    expect(tokenize('Straße Øresund')).toEqual(['strasse', 'oresund']);
  });

  it('treats decomposed and composed forms alike', () => {
    expect(tokenize('e\u0301te\u0301')).toEqual(tokenize('\u00e9t\u00e9'));
  });

  it('splits on punctuation and keeps digits', () => {
    expect(tokenize('10,000 GPU-s; elon-musk (2023)')).toEqual(['10', '000', 'gpu', 's', 'elon', 'musk', '2023']);
    expect(tokenize('  ,.;  ')).toEqual([]);
  });

  it('makes each CJK character a word and keeps Hangul words whole', () => {
    expect(tokenize('人工知能とAI')).toEqual(['人', '工', '知', '能', 'と', 'ai']);
    expect(tokenize('한국어 텍스트')).toEqual([fold('한국어'), fold('텍스트')]);
  });

  it('handles characters outside the BMP without splitting surrogates', () => {
    expect(tokenize('a𝐀b 😀 𠀀x')).toEqual([fold('a𝐀b'), '𠀀', 'x']);
  });

  it('gives spans in the original text', () => {
    const text = 'Łódź, «Kraków» i 人工';
    const spans = tokenSpans(text);
    expect(spans.map((s) => s.token)).toEqual(['lodz', 'krakow', 'i', '人', '工']);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Łódź', 'Kraków', 'i', '人', '工']);
  });
});
