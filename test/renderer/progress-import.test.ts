// @vitest-environment jsdom
// The progress bar during an import: the records being made, then "Fetching N of M imported
// articles" while the pages arrive in the background; it hides when the last one is fetched.

import { beforeEach, describe, expect, it } from 'vitest';
import { Progress } from '../../renderer/src/app/progress.js';

let bar: HTMLElement;
let fill: HTMLElement;
let label: HTMLElement;
let progress: Progress;

beforeEach(() => {
  bar = document.createElement('div');
  bar.hidden = true;
  fill = document.createElement('div');
  label = document.createElement('span');
  progress = new Progress(bar, fill, label);
});

describe('Progress of an import', () => {
  it('shows the records, then the fetching with thousands separated, and hides at the end', () => {
    progress.handle({ type: 'import', phase: 'read', format: 'pocket-csv', done: 0, total: 10_000 });
    expect(bar.hidden).toBe(false);
    progress.handle({ type: 'import', phase: 'records', format: 'pocket-csv', done: 2_500, total: 10_000 });
    expect(label.textContent).toBe('Importing 2,500 of 10,000 entries');
    expect(fill.style.width).toBe('25%');
    progress.handle({ type: 'import', phase: 'done', format: 'pocket-csv', done: 10_000, total: 10_000 });
    progress.handle({ type: 'import', phase: 'fetch', format: null, done: 1_234, total: 10_000 });
    expect(label.textContent).toBe('Fetching 1,234 of 10,000 imported articles');
    expect(bar.hidden).toBe(false);
    progress.handle({ type: 'import', phase: 'fetch', format: null, done: 10_000, total: 10_000 });
    expect(bar.hidden).toBe(true);
  });

  it('lets a refresh the user started show first, and the import come back after it', () => {
    progress.handle({ type: 'import', phase: 'fetch', format: null, done: 1, total: 3 });
    progress.started('Refreshing feeds…');
    expect(label.textContent).toBe('Refreshing feeds…');
    progress.finished('refresh');
    expect(label.textContent).toBe('Fetching 1 of 3 imported articles');
  });
});
