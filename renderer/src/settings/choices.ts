// The choices offered for intervals and keeping periods, and how a value reads. A value set
// elsewhere (the command line) that is not among the choices is shown as one more choice.

export interface Choice {
  value: number;
  label: string;
}

export const REFRESH_CHOICES: Choice[] = [
  { value: 15, label: '15 minutes' },
  { value: 30, label: '30 minutes' },
  { value: 60, label: '1 hour' },
  { value: 120, label: '2 hours' },
  { value: 240, label: '4 hours' },
  { value: 720, label: '12 hours' },
  { value: 1440, label: '1 day' },
];

export const KEEP_CHOICES: Choice[] = [
  { value: 7, label: '1 week' },
  { value: 30, label: '30 days' },
  { value: 90, label: '3 months' },
  { value: 365, label: '1 year' },
];

export function minutesLabel(minutes: number): string {
  const known = REFRESH_CHOICES.find((c) => c.value === minutes);
  if (known) return known.label;
  if (minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

export function daysLabel(days: number): string {
  return KEEP_CHOICES.find((c) => c.value === days)?.label ?? plural(days, 'day');
}

/** The choices, plus `current` when it is not one of them, in order. */
export function withCurrent(choices: Choice[], current: number | null, label: (n: number) => string): Choice[] {
  if (current === null || choices.some((c) => c.value === current)) return choices;
  return [...choices, { value: current, label: label(current) }].sort((a, b) => a.value - b.value);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
