// @vitest-environment jsdom
// The image queue's own indicator, apart from the refresh bar: "Downloading images: N left"
// while the queue works, "Images paused" with a way to Settings while the setting is off,
// nothing when the queue is empty. It starts from imageStatus() and follows the `images`
// events; an answer of imageStatus() that comes after a newer event does not undo it. When the
// open article's images arrive, the line offers to show them (showing reloads the frame, back
// at the top), also once the queue is empty.

import { beforeEach, describe, expect, it } from 'vitest';
import type { ImageQueueStatus } from '../../src/api.js';
import { ImagesProgress, imagesLabel } from '../../renderer/src/app/images-progress.js';

const EMPTY: ImageQueueStatus = { articles: 0, images: 0, running: 0, stored: 0, failed: 0, active: true };
const status = (patch: Partial<ImageQueueStatus>): ImageQueueStatus => ({ ...EMPTY, ...patch });

let settingsOpened = 0;
let arrivedShown = 0;
let progress: ImagesProgress;

beforeEach(() => {
  settingsOpened = 0;
  arrivedShown = 0;
  progress = new ImagesProgress({ openSettings: () => settingsOpened++, showArrived: () => arrivedShown++ });
  document.body.replaceChildren(progress.root);
});

const text = () => progress.root.querySelector('.images-progress-text')?.textContent;

describe('imagesLabel', () => {
  it('counts the images left while the queue works, says paused while it is off, nothing when empty', () => {
    expect(imagesLabel(status({ articles: 97, images: 1234, running: 2 }))).toBe('Downloading images: 1,234 left');
    expect(imagesLabel(status({ articles: 3, images: 5, active: false }))).toBe('Images paused (turned off in Settings): 5 waiting');
    expect(imagesLabel(EMPTY)).toBeNull();
    expect(imagesLabel(status({ stored: 40, failed: 2 }))).toBeNull();
  });
});

describe('ImagesProgress', () => {
  it('is hidden until the queue has something, and hides again when it is empty', () => {
    expect(progress.root.hidden).toBe(true);
    progress.handle({ type: 'images', ...status({ articles: 2, images: 7, running: 1 }) });
    expect(progress.root.hidden).toBe(false);
    expect(text()).toBe('Downloading images: 7 left');
    expect(progress.root.getAttribute('title')).toBe('7 images of 2 articles; the articles are readable meanwhile');
    progress.handle({ type: 'images', ...status({ articles: 1, images: 3, running: 1, stored: 4 }) });
    expect(text()).toBe('Downloading images: 3 left');
    progress.handle({ type: 'images', ...status({ stored: 7 }) });
    expect(progress.root.hidden).toBe(true);
  });

  it('ignores the other events (the refresh bar shows those)', () => {
    progress.handle({ type: 'refresh', phase: 'start', index: 0, total: 3, newArticles: 0 });
    progress.handle({ type: 'changed', what: 'articles', ids: ['a'] });
    expect(progress.root.hidden).toBe(true);
  });

  it('says the queue is paused and opens Settings from there', () => {
    progress.handle({ type: 'images', ...status({ articles: 4, images: 9, active: false }) });
    expect(text()).toBe('Images paused (turned off in Settings): 9 waiting');
    const button = progress.root.querySelector<HTMLButtonElement>('button[data-action="image-settings"]')!;
    expect(button.hidden).toBe(false);
    button.click();
    expect(settingsOpened).toBe(1);
    progress.handle({ type: 'images', ...status({ articles: 4, images: 9 }) });
    expect(button.hidden).toBe(true);
  });

  it('starts from imageStatus(), unless an event already said more', async () => {
    await progress.load(async () => status({ articles: 1, images: 2 }));
    expect(text()).toBe('Downloading images: 2 left');
    // A slow first answer: the event that came meanwhile is newer and stays.
    let answer: (s: ImageQueueStatus) => void = () => undefined;
    const loading = progress.load(() => new Promise((resolve) => { answer = resolve; }));
    progress.handle({ type: 'images', ...EMPTY, stored: 2 });
    answer(status({ articles: 1, images: 2 }));
    await loading;
    expect(progress.root.hidden).toBe(true);
  });

  it('offers the open article\'s arrived images, even with the queue empty, until dismissed', () => {
    progress.offerArrived(true);
    expect(progress.root.hidden).toBe(false);
    const show = progress.root.querySelector<HTMLButtonElement>('button[data-action="show-arrived-images"]')!;
    expect(show.hidden).toBe(false);
    expect(show.textContent).toBe('Show this article\'s images');
    show.click();
    expect(arrivedShown).toBe(1);
    progress.offerArrived(false);
    expect(progress.root.hidden).toBe(true);
  });
});
