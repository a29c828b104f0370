// Dates as exports write them (Unix seconds or milliseconds, ISO 8601, RFC 2822) to ISO UTC.
// A date before 1990 or more than a day ahead is a broken field, not a save time: null.

const EARLIEST = Date.UTC(1990, 0, 1);
const DAY = 24 * 60 * 60 * 1000;
/** Below this a number is seconds, above it milliseconds (1e11 s is the year 5138). */
const MILLISECONDS_FROM = 1e11;

/** ISO 8601 UTC of `value`, or null when it is missing, unreadable or absurd. */
export function isoDate(value: unknown, now: number = Date.now()): string | null {
  const time = timeOf(value);
  if (time === null || Number.isNaN(time) || time < EARLIEST || time > now + DAY) return null;
  return new Date(time).toISOString();
}

function timeOf(value: unknown): number | null {
  if (typeof value === 'number') return fromNumber(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!text) return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return fromNumber(Number(text));
  return Date.parse(text);
}

function fromNumber(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  return Math.abs(value) >= MILLISECONDS_FROM ? value : value * 1000;
}
