// When feeds are fetched next: interval ±10% after success, doubling backoff ±20% capped at a
// day after failures, Retry-After kept between a minute and a week. Random is injected.

import { describe, expect, it } from 'vitest';
import { jitter, nextAfterFailure, nextAfterRetryAfter, nextAfterSuccess } from '../../src/feeds/index.js';

const MIN = 60_000;
const low = () => 0;
const high = () => 1;

describe('schedule', () => {
  it('jitters within the fraction both ways', () => {
    expect(jitter(1000, 0.1, low)).toBe(900);
    expect(jitter(1000, 0.1, high)).toBe(1100);
    expect(jitter(1000, 0.1, () => 0.5)).toBe(1000);
  });

  it('waits the interval after a success', () => {
    expect(nextAfterSuccess(0, 60, low)).toBe(54 * MIN);
    expect(nextAfterSuccess(0, 60, high)).toBe(66 * MIN);
  });

  it('doubles the wait with each failure in a row, up to 24 hours', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => nextAfterFailure(0, 60, n, mid) / MIN)).toEqual([60, 120, 240, 480, 960, 1440, 1440]);
    expect(nextAfterFailure(0, 60, 2, low) / MIN).toBe(96);
    expect(nextAfterFailure(0, 60, 2, high) / MIN).toBe(144);
  });

  it('keeps Retry-After between a minute and a week', () => {
    expect(nextAfterRetryAfter(0, 5_000)).toBe(MIN);
    expect(nextAfterRetryAfter(0, 3600_000)).toBe(3600_000);
    expect(nextAfterRetryAfter(0, 365 * 24 * 60 * MIN)).toBe(7 * 24 * 60 * MIN);
  });
});
