// @vitest-environment jsdom
// The progress bar follows refresh, extraction and index events, and hides when all are done.

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

describe('Progress', () => {
  it('shows a refresh feed by feed and hides when it is done', () => {
    progress.handle({ type: 'refresh', phase: 'start', index: 0, total: 4, newArticles: 0 });
    expect(bar.hidden).toBe(false);
    progress.handle({ type: 'refresh', phase: 'feed', index: 2, total: 4, title: 'Numbats', newArticles: 3 });
    expect(label.textContent).toBe('Refreshing 3 of 4: Numbats');
    expect(fill.style.width).toBe('50%');
    progress.handle({ type: 'refresh', phase: 'done', index: 4, total: 4, newArticles: 3 });
    expect(bar.hidden).toBe(true);
  });

  it('shows extraction while anything is queued or running', () => {
    progress.handle({ type: 'extract', phase: 'queued', id: 'a', queued: 2, running: 1 });
    expect(label.textContent).toBe('Extracting articles: 1 running, 2 queued');
    expect(bar.classList.contains('indeterminate')).toBe(true);
    progress.handle({ type: 'extract', phase: 'done', id: 'a', queued: 0, running: 0 });
    expect(bar.hidden).toBe(true);
  });

  it('keeps showing one job while another finishes', () => {
    progress.handle({ type: 'index', phase: 'progress', done: 10, total: 100 });
    progress.handle({ type: 'refresh', phase: 'start', index: 0, total: 2, newArticles: 0 });
    progress.handle({ type: 'refresh', phase: 'done', index: 2, total: 2, newArticles: 0 });
    expect(bar.hidden).toBe(false);
    expect(label.textContent).toBe('Indexing 10 of 100');
    progress.handle({ type: 'changed', what: 'articles' });
    expect(label.textContent).toBe('Indexing 10 of 100');
  });
});
