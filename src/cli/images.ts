// The image queue on the command line. `refresh` stores every article first; their images are
// downloaded by a queue kept in the archive. The process ends right after the command, so
// `refresh` gives the queue a bounded time (--images-for, default 30 s) and says what is left:
// those images stay queued in the archive and download the next time Tidings runs (the app,
// `serve`, or another `refresh`).

import type { Archive, ImageQueueStatus } from '../api.js';

export const DEFAULT_IMAGE_WAIT_SECONDS = 30;

/** Work on the image queue for at most `seconds` (0: not at all) and answer how it stands. */
export async function waitForImagesBriefly(
  archive: Pick<Archive, 'imageStatus' | 'waitForImages'>,
  seconds: number,
  progress: (line: string) => void,
): Promise<ImageQueueStatus> {
  const before = await archive.imageStatus();
  if (seconds === 0 || before.articles === 0 || !before.active) return before;
  progress(`downloading ${plural(before.images, 'image')} of ${plural(before.articles, 'article')} (at most ${seconds} s)`);
  return archive.waitForImages(seconds);
}

/** The one line `refresh` ends with, or null when there were no images at all. */
export function refreshImagesLine(status: ImageQueueStatus): string | null {
  if (status.articles === 0 && status.stored === 0 && status.failed === 0) return null;
  const done = `images: ${status.stored} stored, ${status.failed} failed`;
  if (status.articles === 0) return done;
  if (!status.active) return `${done}, ${status.images} waiting: downloading images is turned off ('tidings settings downloadImages=true' turns it on)`;
  return `${done}, ${status.images} left queued (they download next time Tidings runs)`;
}

/** The queue's line in `stats`: shown also when empty, like the other counts. */
export function statsImagesLine(status: ImageQueueStatus): string {
  if (status.articles === 0) return 'images waiting 0';
  const paused = status.active ? '' : ', paused: downloadImages is off';
  return `images waiting ${status.images} (in ${plural(status.articles, 'article')}${paused})`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
