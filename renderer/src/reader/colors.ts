// The highlight colours, once: the names the archive stores (src/model HighlightColor), each with
// its swatch (the popover's dots, the Highlights view's edge) and its tint under marked text in
// the reader, light and dark (contrast above 7:1 with the reader's text in both).

import type { HighlightColor } from '../../../src/api.js';

export interface HighlightTint {
  /** Name to show and say ("Yellow"). */
  label: string;
  swatch: string;
  light: string;
  dark: string;
}

export const HIGHLIGHT_COLORS: Readonly<Record<HighlightColor, HighlightTint>> = {
  yellow: { label: 'Yellow', swatch: '#ffd84d', light: '#ffe58a', dark: '#5c4d00' },
  green: { label: 'Green', swatch: '#7ed69a', light: '#bdeec4', dark: '#1e5130' },
  blue: { label: 'Blue', swatch: '#7db8ff', light: '#bfdcff', dark: '#1d4470' },
  pink: { label: 'Pink', swatch: '#ff9cc0', light: '#ffc9dc', dark: '#6e2445' },
  purple: { label: 'Purple', swatch: '#b9a2ff', light: '#ddd0ff', dark: '#463475' },
};

/** In the popover's order; the first is the one `h` uses. */
export const COLORS = Object.keys(HIGHLIGHT_COLORS) as HighlightColor[];

/** An element's --swatch (a dot's fill, a Highlights view item's edge); yellow for a colour unknown here. */
export function setSwatch(el: HTMLElement, color: string): void {
  const tint = (HIGHLIGHT_COLORS as Record<string, HighlightTint | undefined>)[color] ?? HIGHLIGHT_COLORS.yellow;
  el.style.setProperty('--swatch', tint.swatch);
}
