// The image queue's own line at the foot of the window, apart from the refresh bar: feed items
// are listed at once with their images remote, and the queue downloads those afterwards, for
// minutes on a big first refresh. The refresh bar is long gone by then, and a bar that stays
// would say "still busy" about articles that are readable: this line is small and says only
// what is left. It is hidden when the queue is empty.

import type { ArchiveEvent, ImageQueueStatus } from '../../../src/api.js';
import { h } from '../dom/index.js';

export interface ImagesProgressActions {
  /** Open Settings, where "Keep images offline" turns the queue back on. */
  openSettings(): void;
  /** Show the open article again, with the images that arrived for it. */
  showArrived(): void;
}

/** What the line says, or null when there is nothing to say. */
export function imagesLabel(status: ImageQueueStatus): string | null {
  if (status.articles === 0) return null;
  const left = status.images.toLocaleString('en-US');
  return status.active ? `Downloading images: ${left} left` : `Images paused (turned off in Settings): ${left} waiting`;
}

export class ImagesProgress {
  readonly root: HTMLElement;
  private readonly text: HTMLElement;
  private readonly settings: HTMLButtonElement;
  private readonly arrived: HTMLButtonElement;
  private status: ImageQueueStatus | null = null;
  /** Bumped by each event: a first load answered after one is older than what it says. */
  private seen = 0;
  private offering = false;

  constructor(actions: ImagesProgressActions) {
    this.text = h('span', { class: 'images-progress-text' });
    this.settings = h('button', { type: 'button', class: 'link-button', 'data-action': 'image-settings', hidden: true }, 'Settings');
    this.settings.addEventListener('click', () => actions.openSettings());
    this.arrived = h('button', { type: 'button', class: 'link-button', 'data-action': 'show-arrived-images', hidden: true }, 'Show this article\'s images');
    this.arrived.addEventListener('click', () => actions.showArrived());
    this.root = h('div', { class: 'images-progress', role: 'status', 'aria-live': 'polite', hidden: true }, this.text, this.settings, this.arrived);
  }

  /** The queue as it is now (imageStatus()), unless an event told us something newer meanwhile. */
  async load(read: () => Promise<ImageQueueStatus>): Promise<void> {
    const before = this.seen;
    const status = await read();
    if (this.seen !== before) return;
    this.status = status;
    this.render();
  }

  handle(event: ArchiveEvent): void {
    if (event.type !== 'images') return;
    this.seen++;
    const { type: _type, ...status } = event;
    this.status = status;
    this.render();
  }

  /** The open article's images arrived while the user may be reading it: offer them (or stop offering). */
  offerArrived(on: boolean): void {
    this.offering = on;
    this.render();
  }

  private render(): void {
    const label = this.status ? imagesLabel(this.status) : null;
    this.text.textContent = label ?? '';
    this.text.hidden = label === null;
    this.settings.hidden = label === null || this.status!.active;
    this.arrived.hidden = !this.offering;
    this.root.hidden = label === null && !this.offering;
    this.root.classList.toggle('paused', this.status?.active === false);
    this.root.title = label && this.status ? `${plural(this.status.images, 'image')} of ${plural(this.status.articles, 'article')}; the articles are readable meanwhile` : '';
  }
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
