// When to fetch a feed next: its interval after a success, exponential backoff after failures,
// the server's Retry-After when it gave one. Every time is jittered so feeds spread out.

const MINUTE = 60_000;
const MAX_BACKOFF = 24 * 60 * MINUTE;
const MAX_RETRY_AFTER = 7 * 24 * 60 * MINUTE;

/** `ms` moved randomly by up to ±fraction. */
export function jitter(ms: number, fraction = 0.1, random: () => number = Math.random): number {
  return Math.round(ms * (1 - fraction + 2 * fraction * random()));
}

export function nextAfterSuccess(now: number, intervalMinutes: number, random?: () => number): number {
  return now + jitter(intervalMinutes * MINUTE, 0.1, random);
}

/** After the n-th failure in a row: interval × 2^(n-1), at most 24 hours, ±20%. */
export function nextAfterFailure(now: number, intervalMinutes: number, errorCount: number, random?: () => number): number {
  const exponent = Math.min(Math.max(errorCount - 1, 0), 16);
  const delay = Math.min(intervalMinutes * MINUTE * 2 ** exponent, MAX_BACKOFF);
  return now + jitter(delay, 0.2, random);
}

/** A server's Retry-After, kept between a minute and a week. */
export function nextAfterRetryAfter(now: number, retryAfterMs: number): number {
  return now + Math.min(Math.max(retryAfterMs, MINUTE), MAX_RETRY_AFTER);
}
