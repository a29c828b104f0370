// Feed dates, as the web writes them, to one instant (milliseconds since 1970, UTC) or null.
//
// Not Date.parse: it reads a zone-less string in the machine's local time, knows English names
// only, and invents dates from garbage ("03-12-31" became 2031). Not a library either: the ones
// that read localized names are heavy, and this runs for every item of every refresh. A date
// is read in at most three regular-expression passes over at most MAX_LENGTH characters.
//
// Rules (docs/decisions.md): a date without a zone is UTC, except the Korean forms, which are
// Korea's time; the military letters follow RFC 1123 5.2.14 (A is UTC+1); Etc/GMT+5 is POSIX
// (five hours behind UTC); IST is India; a zone name we do not know is UTC; two-digit years
// follow RFC 2822 (00-49 is 20xx); a day the month does not have is no date; years before 1000
// are placeholders (Go's zero time 0001-01-01); a date over a day ahead of now is not trusted.

import { dayOfWeekWords, foldWord, monthWords } from './date-words.js';

/** Longer than any real date with its zone and a comment: the rest is not read at all. */
const MAX_LENGTH = 100;
const DAY = 86_400_000;
const MIN_YEAR = 1000;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Minutes east of UTC. */
  offset: number;
}

export function parseDateMs(input: string, now: number): number | null {
  if (input.length > MAX_LENGTH * 4) return parseDateMs(input.trim().slice(0, MAX_LENGTH + 1), now);
  const text = input.trim();
  if (text === '' || text.length > MAX_LENGTH) return null;
  const found = readParts(text);
  if (found === null) return null;
  const time = instant(found);
  return time === null || time > now + DAY ? null : time;
}

/** Each shape in turn; a reader gives undefined for "not my shape", null for "my shape, but wrong". */
function readParts(text: string): Parts | null {
  if (/^\d+$/.test(text)) return digitsOnly(text);
  // Korean first: "2004-05-25 오후 11:23:17" starts as ISO does.
  const korean = koreanDate(text);
  if (korean !== undefined) return korean;
  const iso = isoDate(text);
  return iso !== undefined ? iso : wordDate(text);
}

/** The instant, or null when a field is out of range (no rolling over as Date.UTC would). */
function instant(p: Parts): number | null {
  if (p.year < MIN_YEAR || p.year > 9999 || p.month < 1 || p.month > 12 || p.day < 1 || p.day > daysIn(p.year, p.month)) return null;
  // 24:00:00 is the end of the day (ISO 8601); 60 seconds is a leap second.
  const endOfDay = p.hour === 24 && p.minute === 0 && p.second === 0 && p.ms === 0;
  if ((p.hour > 23 && !endOfDay) || p.minute > 59 || p.second > 60) return null;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.ms) - p.offset * 60_000;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1] ?? 0;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

// Parts are built by this one function, never by spreading: a spread made a date 4 times slower.
function parts(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0, offset = 0): Parts {
  return { year, month, day, hour, minute, second, ms, offset };
}

const dateOnly = (year: number, month: number, day: number): Parts => parts(year, month, day);

/** Two-digit years, RFC 2822 4.3: 00-49 is 20xx, 50-99 is 19xx. */
const fullYear = (digits: string): number => (digits.length <= 2 ? Number(digits) + (Number(digits) < 50 ? 2000 : 1900) : Number(digits));

/** A Unix timestamp (seconds or milliseconds), a year, or an ISO 8601 basic date. */
function digitsOnly(text: string): Parts | null {
  const n = (from: number, to: number) => Number(text.slice(from, to));
  switch (text.length) {
    case 4:
      return dateOnly(n(0, 4), 1, 1);
    case 6:
      return dateOnly(fullYear(text.slice(0, 2)), n(2, 4), n(4, 6));
    case 8:
      return dateOnly(n(0, 4), n(4, 6), n(6, 8));
    case 9:
    case 10:
      return fromEpoch(Number(text) * 1000);
    case 12:
    case 13:
      return fromEpoch(Number(text));
    case 14:
      return parts(n(0, 4), n(4, 6), n(6, 8), n(8, 10), n(10, 12), n(12, 14));
    default:
      return null;
  }
}

function fromEpoch(ms: number): Parts {
  const d = new Date(ms);
  return parts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

// W3C-DTF and ISO 8601: extended (2018-09-24T10:15:00+02:00, any partial down to the year,
// a space for the T, a slash or dot between year, month and day), basic (20180924T101500Z),
// and the two-digit forms (03-12-31, -03-12). Google once wrote a three-digit month ("2003-012-31").
const ISO_EXTENDED = /^(\d{4}|\d{2})(?:([-/.])(\d{1,3})(?:\2(\d{1,2}))?)?(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(.*)$/;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?(.*)$/;
const ISO_YEAR_MONTH = /^-(\d{2})-?(\d{2})$/;

/** Parts of an ISO-shaped date; null when it is ISO-shaped but wrong; undefined when it is another shape. */
function isoDate(text: string): Parts | null | undefined {
  const basic = ISO_BASIC.exec(text);
  if (basic) return withTime(Number(basic[1]), Number(basic[2]), Number(basic[3]), basic[4], basic[5], basic[6], basic[7], basic[8] ?? '');
  const short = ISO_YEAR_MONTH.exec(text);
  if (short) return dateOnly(fullYear(short[1] ?? ''), Number(short[2]), 1);
  const m = ISO_EXTENDED.exec(text);
  if (!m) return undefined;
  const [, year = '', separator, month, day, hour, minute, second, fraction, rest = ''] = m;
  // A two-digit year only in the all-numeric YY-MM-DD; "24.09.2018" is a day first (wordDate).
  if (year.length === 2 && (separator !== '-' || day === undefined)) return undefined;
  if (separator === undefined && rest !== '' && hour === undefined) return undefined;
  // A zone after a date with no time is not ISO ("2013-01-27-01"), nor is text after a year alone.
  if (hour === undefined && rest !== '') return separator === undefined ? undefined : /^[a-z]/i.test(rest) ? undefined : null;
  return withTime(fullYear(year), Number(month ?? 1), Number(day ?? 1), hour, minute, second, fraction, rest);
}

function withTime(year: number, month: number, day: number, hour: string | undefined, minute: string | undefined, second: string | undefined, fraction: string | undefined, zone: string): Parts | null {
  // Right after an ISO time only a zone we know ("2026-01-01T00:00:00Zbad" is no date).
  const offset = zone.trim() === '' ? 0 : zoneOffset(zone.trim().toLowerCase(), false);
  if (offset === null) return null;
  return parts(year, month, day, Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0), millis(fraction), offset);
}

// Korean blogs and portals: "2004년 05월 28일 01:31:15", "2004-05-25 오후 11:23:17" (오전 is
// a.m., 오후 p.m.). They name no zone and mean Korea's (UTC+9), as feedparser reads them.
const KOREAN = /^(\d{4})\s*(?:년|-)\s*(\d{1,2})\s*(?:월|-)\s*(\d{1,2})\s*일?\s*(?:\([^)]{0,8}\))?\s*(오전|오후)?\s*(?:(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(.*)$/;
const KOREA_OFFSET = 9 * 60;
// The Chinese and Japanese spelling; the zone is not known from it (China is +8, Japan +9): UTC.
const CJK = /^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(.*)$/;

function koreanDate(text: string): Parts | null | undefined {
  const cjk = CJK.exec(text);
  if (cjk) return cjk[4] === '' ? dateOnly(Number(cjk[1]), Number(cjk[2]), Number(cjk[3])) : wordDate(`${cjk[1]}-${cjk[2]}-${cjk[3]} ${cjk[4]}`);
  if (!/[\uac00-\ud7a3]/.test(text)) return undefined;
  const m = KOREAN.exec(text);
  if (!m) return null;
  const [, year, month, day, half, hour, minute, second, zone = ''] = m;
  let h = Number(hour ?? 0);
  if (half !== undefined) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (half === '오후' ? 12 : 0);
  }
  const offset = zone === '' ? KOREA_OFFSET : zoneOffset(zone.toLowerCase());
  if (offset === null) return null;
  return parts(Number(year), Number(month), Number(day), h, Number(minute ?? 0), Number(second ?? 0), 0, offset);
}

// The time of a worded date, wherever it stands ("Mon, 24 Sep 2018 10:15:00 GMT", "Sun Jan  4
// 16:29:06 2004", "13T9:15-05:00"), then what may follow it: a.m./p.m., a zone, a year.
// The zone may come before the year (asctime with a zone) or after it (Unix date), and a
// numeric offset may carry the zone's name after it ("-0700 MST"): the offset wins.
const TIME = /(?:^|[\s,t])(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d+))?)?(?=$|[\s+\-a-z(])/;
const AFTER_TIME = /^\s*(?:([ap])\.?m\.?)?\s*((?:etc\/)?[a-z]{1,5}(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{1,2}(?::?\d{2})?)?\s*(?:[a-z]{1,5}\s*)?(\d{4})?\s*([a-z]{1,5})?\s*$/;
const COMMENT = /\([^()]*\)/g;

/** RFC 822 and its relatives, in any language we know the month names of. */
function wordDate(original: string): Parts | null {
  // "février" and "fevrier", "Ιούλ" and "Ιουλ" are one word: accents go.
  const text = foldWord(original).replace(COMMENT, ' ');
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  let offset = 0;
  let datePart = text;
  const time = TIME.exec(text) ?? compactTime(text);
  if (time) {
    const after = AFTER_TIME.exec(text.slice(time.index + time[0].length));
    if (!after) return null;
    const [, half, zoneBeforeYear, trailingYear, zoneAfterYear] = after;
    const zone = zoneBeforeYear ?? zoneAfterYear;
    hour = Number(time[1]);
    minute = Number(time[2]);
    second = Number(time[3] ?? 0);
    ms = millis(time[4]);
    if (half !== undefined) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (half === 'p' ? 12 : 0);
    }
    if (zone !== undefined) {
      const zoneMinutes = zoneOffset(zone);
      if (zoneMinutes === null) return null;
      offset = zoneMinutes;
    }
    datePart = `${text.slice(0, time.index)} ${trailingYear ?? ''}`;
  }
  const date = dayMonthYear(datePart);
  return date === null ? null : parts(date.year, date.month, date.day, hour, minute, second, ms, offset);
}

/** Milliseconds: the first three digits of a fraction of a second, the rest cut (never rounded up into the next second). */
const millis = (fraction: string | undefined): number => (fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0')));

// "03 Apr 02 1500 GMT": a time without colons, only before a zone (else "2018 1500" is a year).
const COMPACT_TIME = /\s(\d{2})(\d{2})(\d{2})?(?=\s+(?:[a-z]{1,5}|[+-]\d{4})$)/;

/** A match shaped as TIME's, so that wordDate reads both alike. */
function compactTime(text: string): RegExpExecArray | null {
  const m = COMPACT_TIME.exec(text);
  return m && /\d{2}\s*$/.test(text.slice(0, m.index)) ? m : null;
}

/** Words that may stand in a date and mean nothing for it. */
const FILLERS = new Set(['de', 'del', 'of', 'the', 'at', 'um', 'a', 'o', 'le', 'la', 'el', 'den', 'der', 'am', 't', 'st', 'nd', 'rd', 'th', 'er', 'y', 'i', 'e', 'kl', 'klo', 'г', 'года', 'r', 'roku']);
const NUMERIC_DMY = /^(\d{1,2})[./](\d{1,2})[./](\d{4})\.?$/;

/** Day, month and year of the part of a worded date that is not its time. */
function dayMonthYear(text: string): { year: number; month: number; day: number } | null {
  const tokens = text.match(/\d+|\p{L}+/gu) ?? [];
  const numbers: string[] = [];
  const months: { month: number; word: string }[] = [];
  for (const token of tokens) {
    if (token.charCodeAt(0) <= 57) numbers.push(token);
    else if (monthWords.has(token)) months.push({ month: monthWords.get(token)!, word: token });
    else if (!dayOfWeekWords.has(token) && !FILLERS.has(token)) return null;
  }
  // "mar" is March and the Spanish, French and Italian Tuesday: with two month words, the one
  // that is also a day of the week is the day of the week ("mar, 15 gen 2019").
  const named = months.length > 1 ? months.filter((m) => !dayOfWeekWords.has(m.word)) : months;
  if (named.length === 0) return months.length === 0 ? numericDate(text) : null;
  const month = named.length === 1 ? (named[0]?.month ?? 0) : 0;
  if (month === 0) return null;
  if (numbers.length === 1 && numbers[0]?.length === 4) return { year: Number(numbers[0]), month, day: 1 };
  const [a, b] = numbers;
  if (numbers.length !== 2 || a === undefined || b === undefined) return null;
  // The year is the number of three or four digits, else the second (RFC 822 "24 Sep 18").
  if (a.length > 2 && b.length > 2) return null;
  const [day, year] = a.length > 2 ? [b, a] : [a, b];
  if (day.length > 2 || year.length === 3) return null;
  return { year: fullYear(year), month, day: Number(day) };
}

/** "24.09.2018" (day first: no one writes a month first with dots) and "2006/09/15" (perforce); never "09/24/2018", which is ambiguous. */
function numericDate(text: string): { year: number; month: number; day: number } | null {
  const words = text.replace(/\p{L}+/gu, ' ').replace(/[\s,]+/g, ' ').trim();
  const dmy = NUMERIC_DMY.exec(words);
  if (dmy && words.includes('.')) return { year: Number(dmy[3]), month: Number(dmy[2]), day: Number(dmy[1]) };
  const ymd = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(words);
  return ymd ? { year: Number(ymd[1]), month: Number(ymd[3]), day: Number(ymd[4]) } : null;
}

/** Zones by name, in minutes east of UTC. RFC 822's, then those feeds use; IST is India's. */
// A Map, not an object: "constructor" must not be a zone.
const ZONES: ReadonlyMap<string, number> = new Map(Object.entries({
  z: 0, ut: 0, utc: 0, gmt: 0, wet: 0, west: 60, bst: 60, cet: 60, cest: 120, met: 60, mest: 120, mez: 60, mesz: 120,
  eet: 120, eest: 180, msk: 180, wat: 60, cat: 120, sast: 120, eat: 180, ist: 330, pkt: 300, ict: 420, wib: 420,
  hkt: 480, sgt: 480, awst: 480, pht: 480, jst: 540, kst: 540, acst: 570, acdt: 630, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
  hst: -600, akst: -540, akdt: -480, pst: -480, pdt: -420, pt: -480, mst: -420, mdt: -360, mt: -420,
  cst: -360, cdt: -300, ct: -360, est: -300, edt: -240, et: -300, ast: -240, adt: -180, at: -240,
  nst: -210, ndt: -150, brt: -180, art: -180,
}));

/** Minutes east of UTC for a lower-case zone, or null when it is not one. */
function zoneOffset(zone: string, unknownIsUtc = true): number | null {
  // "GMT-01:01", "MST-07:00", "+0200": the numbers say the offset, whatever the name.
  const numeric = /^(etc\/)?(?:[a-z]{1,5})?\s?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (numeric) {
    const [, etc, sign, hours, minutes] = numeric;
    if (Number(hours) > 23 || Number(minutes ?? 0) > 59) return null;
    const minutesOff = Number(hours) * 60 + Number(minutes ?? 0);
    // Etc/GMT+5 is POSIX: five hours behind UTC.
    const east = (sign === '+') !== (etc !== undefined);
    return east ? minutesOff : -minutesOff;
  }
  const name = zone.startsWith('etc/') ? zone.slice(4) : zone;
  const named = ZONES.get(name);
  if (named !== undefined) return named;
  if (name.length === 1) return militaryZone(name);
  // A name we do not know: the writer's clock is unknown, the day is not (RFC 2822 "-0000").
  return unknownIsUtc && /^[a-z]{2,5}$/.test(name) ? 0 : null;
}

/** RFC 1123 5.2.14: A-I are UTC+1..+9, K-M +10..+12 (no J), N-Y UTC-1..-12, Z is UTC. */
function militaryZone(letter: string): number | null {
  const c = letter.charCodeAt(0);
  if (letter === 'z') return 0;
  if (letter >= 'a' && letter <= 'i') return (c - 96) * 60;
  if (letter >= 'k' && letter <= 'm') return (c - 97) * 60;
  if (letter >= 'n' && letter <= 'y') return -(c - 109) * 60;
  return null;
}
