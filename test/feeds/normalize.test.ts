// Dates from feeds: every spelling to one ISO form, or null; never a failed feed. The table of
// spellings is in dates.test.ts.

import { describe, expect, it } from 'vitest';
import { parseDate, plainText } from '../../src/feeds/normalize.js';

describe('parseDate', () => {
  it('reads RFC 822, ISO with offsets and ISO already canonical to one form', () => {
    expect(parseDate('Thu, 26 Nov 2026 10:00:00 GMT')).toBe('2026-11-26T10:00:00.000Z');
    expect(parseDate('2026-11-26T12:00:00+02:00')).toBe('2026-11-26T10:00:00.000Z');
    expect(parseDate('2026-11-26T10:00:00.000Z')).toBe('2026-11-26T10:00:00.000Z');
    expect(parseDate(' 2026-11-26T10:00:00Z ')).toBe('2026-11-26T10:00:00.000Z');
  });

  it('gives null for a day the month does not have, rather than rolling it into the next month', () => {
    expect(parseDate('2026-02-30T00:00:00.000Z')).toBeNull();
    expect(parseDate('2026-04-31T08:00:00.000Z')).toBeNull();
    expect(parseDate('2024-02-29T08:00:00.000Z')).toBe('2024-02-29T08:00:00.000Z');
  });

  it('gives null for garbage, empty values, placeholder years and years after 9999; keeps years before 1970', () => {
    for (const bad of ['not a date', '', '   ', null, undefined, {}, '0001-01-01T00:00:00.000Z', '10000-01-01T00:00:00.000Z']) {
      expect(parseDate(bad)).toBeNull();
    }
    expect(parseDate('1969-12-31T23:59:59.000Z')).toBe('1969-12-31T23:59:59.000Z');
  });
});

describe('plainText', () => {
  it('drops markup, decodes entities and folds white space, and leaves plain text as it is', () => {
    expect(plainText('Plain title')).toBe('Plain title');
    expect(plainText('  Spaced\tout\n title ')).toBe('Spaced out title');
    expect(plainText('<b>Bold</b> &amp; <i>brave</i> &#8211; &#x4E2D; &nbsp;')).toBe('Bold & brave – 中');
    expect(plainText({ _: 'Ćma &lt;nocna&gt;' })).toBe('Ćma <nocna>');
    expect(plainText(undefined)).toBe('');
  });
});
