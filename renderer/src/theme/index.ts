// Light, dark or the system's choice, and the reader's font size. The choice is a setting of
// the archive (so it follows the user between Electron and browser mode).

export type ThemeChoice = 'system' | 'light' | 'dark';

const dark = window.matchMedia('(prefers-color-scheme: dark)');

/** The theme actually shown for a choice. */
export function effectiveTheme(choice: ThemeChoice): 'light' | 'dark' {
  if (choice === 'system') return dark.matches ? 'dark' : 'light';
  return choice;
}

/** Show the theme a choice means now (call again when the system's setting flips). */
export function applyTheme(choice: ThemeChoice): void {
  document.documentElement.dataset.theme = effectiveTheme(choice);
  document.documentElement.dataset.themeChoice = choice;
}

export function watchSystemTheme(onChange: () => void): void {
  dark.addEventListener('change', onChange);
}

export function nextTheme(choice: ThemeChoice): ThemeChoice {
  return choice === 'system' ? (dark.matches ? 'light' : 'dark') : choice === 'light' ? 'dark' : 'light';
}

export const FONT_SIZES = { min: 12, max: 32, step: 1 } as const;

export function clampFontSize(size: number): number {
  return Math.min(FONT_SIZES.max, Math.max(FONT_SIZES.min, Math.round(size)));
}
