// Field caps cut text at a code point boundary (never half a surrogate pair) and the same way
// every time, so an id made from a capped guid is stable.

import { describe, expect, it } from 'vitest';
import { capList, capText, capUrl, CAPS } from '../../src/model/caps.js';
import { articleIdFor } from '../../src/model/identity.js';

describe('capText', () => {
  it('keeps short text as it is and cuts long text to the cap', () => {
    expect(capText('abc', 5)).toBe('abc');
    expect(capText('abcdef', 5)).toBe('abcde');
  });

  it('never splits a surrogate pair: the whole emoji goes when only its first half would fit', () => {
    const text = `abcd${'😀'.repeat(10)}`;
    const cut = capText(text, 5);
    expect(cut).toBe('abcd');
    expect(capText(text, 6)).toBe('abcd😀');
    // What JSON.stringify writes is the same text read back: no lone "\ud83d".
    expect(JSON.stringify(cut)).not.toMatch(/\\ud8/);
    expect(capText('😀'.repeat(CAPS.title), CAPS.title)).toBe('😀'.repeat(CAPS.title / 2));
  });

  it('gives the same id for a 1 MB guid on every cut', () => {
    const guid = `urn:${'x'.repeat(1_000_000)}`;
    const a = articleIdFor({ feedId: 'f', guid: capText(guid, CAPS.guid) });
    const b = articleIdFor({ feedId: 'f', guid: capText(guid, CAPS.guid) });
    expect(a).toBe(b);
  });
});

describe('capUrl and capList', () => {
  it('drops an over-long URL whole', () => {
    expect(capUrl(`https://x.example/${'p'.repeat(CAPS.url)}`)).toBeNull();
    expect(capUrl('https://x.example/')).toBe('https://x.example/');
  });

  it('keeps at most the count, each item cut, empty ones left out', () => {
    expect(capList(['', 'abc', 'defgh', 'i'], 2, 3)).toEqual(['abc', 'def']);
  });
});
