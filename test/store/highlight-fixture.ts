// A highlight as src/archive/highlights.ts makes it, for the store's merge tests.

import type { Highlight } from '../../src/model/index.js';

/** Highlight `id`; `minute` orders createdAt (and places it in the text). */
export function hl(id: string, minute: number, fields: Partial<Highlight> = {}): Highlight {
  return {
    id,
    quote: { type: 'TextQuoteSelector', exact: `passage ${id}`, prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector', start: minute * 10, end: minute * 10 + 5 },
    color: 'yellow',
    note: null,
    createdAt: `2026-11-28T10:${String(minute).padStart(2, '0')}:00.000Z`,
    ...fields,
  };
}
