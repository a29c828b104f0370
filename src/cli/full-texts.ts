// `refresh` on the command line returns only when the full texts it queued (summary-only and
// "always" feeds) are stored or failed: the process ends right after, and closing the archive
// drops what is still waiting in the extraction queue. The wait is bounded; when it gives up,
// the line it returns says how many were left (those articles keep the feed's text).

import type { Archive } from '../api.js';

/** How long `refresh` waits for the full texts it queued. */
export const FULL_TEXT_WAIT_MS = 120_000;
const POLL_MS = 100;

/**
 * Wait until the extraction queue is empty, or `timeoutMs` passed. Returns null when every full
 * text was stored or failed, else the line to show.
 */
export async function waitForFullTexts(
  archive: Pick<Archive, 'extractionStatus'>,
  progress: (line: string) => void,
  timeoutMs = FULL_TEXT_WAIT_MS,
): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  let pending = await pendingOf(archive);
  if (pending > 0) progress(`fetching the full text of ${pending} article(s)`);
  while (pending > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))));
    pending = await pendingOf(archive);
  }
  if (pending === 0) return null;
  return `${pending} full text(s) still pending after ${Math.round(timeoutMs / 1000)} s: those articles keep the feed's text for now ('extract ID' fetches one)`;
}

async function pendingOf(archive: Pick<Archive, 'extractionStatus'>): Promise<number> {
  const status = await archive.extractionStatus();
  return status.queued + status.running;
}
