// A search that found nothing says that words are matched whole and offers the prefix form of
// the last word (typing "sztu" then Enter finds nothing: "sztu*" would).

import { describe, expect, it } from 'vitest';
import { searchHint } from '../../renderer/src/app/place.js';

describe('the empty search hint', () => {
  it('offers the last word as a prefix', () => {
    expect(searchHint('sztu')).toMatch(/^Words are matched whole: for words starting with “sztu”, search sztu\*\. Try fewer/);
    expect(searchHint('gpu twit ')).toContain('search twit*');
  });

  it('offers nothing for a prefix already, a phrase, an operator or a negated word', () => {
    for (const q of ['sztu*', '"open sou"', 'tag:ai', '-word', 'a']) expect(searchHint(q), q).toMatch(/^Try fewer/);
  });
});
