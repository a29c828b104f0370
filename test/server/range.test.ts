// Byte ranges for archived files (a podcast player seeks with them): one range, suffix ranges,
// open ends, and what the RFC says to do with a range that cannot be served.

import { describe, expect, it } from 'vitest';
import { byteRange, partialHeaders } from '../../src/server/range.js';

describe('byteRange', () => {
  it.each([
    ['bytes=0-99', 1000, { start: 0, end: 99 }],
    ['bytes=500-', 1000, { start: 500, end: 999 }],
    ['bytes=-100', 1000, { start: 900, end: 999 }],
    ['bytes=-5000', 1000, { start: 0, end: 999 }],
    ['bytes=900-5000', 1000, { start: 900, end: 999 }],
    [' bytes=0-0 ', 1000, { start: 0, end: 0 }],
  ])('%s of %i bytes', (header, size, expected) => {
    expect(byteRange(header, size)).toEqual(expected);
  });

  it.each([
    [null, 1000],
    ['', 1000],
    ['bytes=-', 1000],
    ['bytes=0-1,5-9', 1000],
    ['items=0-9', 1000],
    ['bytes=9-0', 1000],
    ['bytes=abc-', 1000],
    [`bytes=${'9'.repeat(400)}-`, 1000],
  ])('%s: the whole file', (header, size) => {
    expect(byteRange(header, size)).toBeNull();
  });

  it.each([
    ['bytes=1000-', 1000],
    ['bytes=2000-3000', 1000],
    ['bytes=-0', 1000],
    ['bytes=0-', 0],
  ])('%s of %i bytes: unsatisfiable', (header, size) => {
    expect(byteRange(header, size)).toBe('unsatisfiable');
  });

  it('says which part of how much it sends', () => {
    expect(partialHeaders({ start: 10, end: 19 }, 1000)).toEqual({ 'Content-Range': 'bytes 10-19/1000', 'Content-Length': '10' });
  });
});
