import { describe, expect, it } from 'vitest';
import { anchorQuote, CONTEXT_CHARS } from '../../src/highlights/index.js';

const text = 'The cat sat on the mat. Later the cat sat on the sofa, and the cat slept.';

describe('anchorQuote', () => {
  it('gives the quote with its context and its offsets', () => {
    const anchor = anchorQuote(text, 'sat on the mat')!;
    expect(anchor.position).toEqual({ type: 'TextPositionSelector', start: 8, end: 22 });
    expect(anchor.quote).toEqual({ type: 'TextQuoteSelector', exact: 'sat on the mat', prefix: 'The cat ', suffix: text.slice(22, 22 + CONTEXT_CHARS) });
  });

  it('of a quote found twice, picks the one whose context agrees with the hint', () => {
    const second = text.indexOf('the cat sat', 10);
    const anchor = anchorQuote(text, 'the cat sat', { prefix: 'Later ', suffix: ' on the sofa' })!;
    expect(anchor.position.start).toBe(second);
    // No context: the nearest to the hinted start.
    expect(anchorQuote(text, 'the cat', { start: 60 })!.position.start).toBe(text.lastIndexOf('the cat'));
  });

  it('finds a quote whose line breaks and spaces differ from the text (a wrapped export)', () => {
    const anchor = anchorQuote(text, 'sat on\n  the   sofa')!;
    expect(anchor.quote.exact).toBe('sat on the sofa');
    expect(text.slice(anchor.position.start, anchor.position.end)).toBe('sat on the sofa');
  });

  it('says null for a quote that is not there, or only whitespace', () => {
    expect(anchorQuote(text, 'the dog')).toBeNull();
    expect(anchorQuote(text, '   ')).toBeNull();
    expect(anchorQuote('', 'x')).toBeNull();
  });

  it('keeps context inside the text at its edges', () => {
    const anchor = anchorQuote(text, 'The cat')!;
    expect(anchor.quote.prefix).toBe('');
    expect(anchorQuote(text, 'slept.')!.quote.suffix).toBe('');
  });

  it('compares at most the first thousand places of a quote found everywhere (a one-letter quote in a long text)', () => {
    const long = 'a '.repeat(200_000);
    expect(anchorQuote(long, 'a', { start: 399_998 })!.position.start).toBe(1998);
  });
});
