// The highlight colours come from one table (renderer/src/reader/colors.ts): the reader's marks
// (light and dark tints, a rule per colour), the popover's dots and the Highlights view's edges.
// There were three lists (and two CSS files of swatches) that a new colour had to be added to.
// @vitest-environment jsdom

import { describe, expect, it } from 'vitest';
import type { ArticleDetail } from '../../src/api.js';
import { COLORS, HIGHLIGHT_COLORS, setSwatch } from '../../renderer/src/reader/colors.js';
import { readerDocument } from '../../renderer/src/reader/srcdoc.js';

const links = { assetUrl: (name: string) => `tidings-asset:${name}`, assetSource: 'tidings-asset:' };
const article = { id: 'a1', title: 'T', url: null, html: '<p>x</p>', tags: [], highlights: [], note: null } as unknown as ArticleDetail;

describe('highlight colours: one table', () => {
  it('lists the five colours the archive stores, yellow first (the one h uses)', () => {
    expect(COLORS).toEqual(['yellow', 'green', 'blue', 'pink', 'purple']);
  });

  it('gives the reader a tint per colour in light and in dark, and a mark rule for each', () => {
    const light = readerDocument(article, links, { theme: 'light', fontSize: 18 });
    const dark = readerDocument(article, links, { theme: 'dark', fontSize: 18 });
    for (const color of COLORS) {
      expect(light).toContain(`--hl-${color}:${HIGHLIGHT_COLORS[color].light}`);
      expect(dark).toContain(`--hl-${color}:${HIGHLIGHT_COLORS[color].dark}`);
      expect(light).toContain(`mark.hl-${color}{background:var(--hl-${color})}`);
    }
  });

  it('sets an element\'s swatch, yellow for a colour it does not know (an archive from a later version)', () => {
    const el = document.createElement('button');
    setSwatch(el, 'pink');
    expect(el.style.getPropertyValue('--swatch')).toBe(HIGHLIGHT_COLORS.pink.swatch);
    setSwatch(el, 'ultraviolet');
    expect(el.style.getPropertyValue('--swatch')).toBe(HIGHLIGHT_COLORS.yellow.swatch);
  });
});
