// The extraction worker thread's entry: runs the DOM steps of extraction (pipeline.ts) for
// the pool (pool.ts), one job at a time, and answers with plain data. Feed fragments come in
// batches (a feed's new items at once); each one succeeds or fails on its own.

import { serveJobs } from '../workers/index.js';
import { type CleanedFragment, cleanFragment, extractPage } from './pipeline.js';
import { prepareSanitizer } from './sanitize.js';

export interface ExtractionPayload {
  html: string;
  url: string | null;
}

export type FragmentOutcome = { ok: true; result: CleanedFragment } | { ok: false; error: string };

// Before ready: the pool starts a job's clock at ready (jsdom takes a second to load).
prepareSanitizer();

serveJobs({
  page: ({ html, url }: ExtractionPayload) => extractPage(html, url),
  fragment: ({ html, url }: ExtractionPayload) => cleanFragment(html, url),
  fragments: (items: ExtractionPayload[]) => items.map(cleanOne),
});

function cleanOne({ html, url }: ExtractionPayload): FragmentOutcome {
  try {
    return { ok: true, result: cleanFragment(html, url) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
