// The extraction worker thread's entry: runs the DOM steps of extraction (pipeline.ts) for
// the pool (pool.ts), one job at a time, and answers with plain data.

import { serveJobs } from '../workers/index.js';
import { cleanFragment, extractPage } from './pipeline.js';

export interface ExtractionPayload {
  html: string;
  url: string | null;
}

serveJobs({
  page: ({ html, url }: ExtractionPayload) => extractPage(html, url),
  fragment: ({ html, url }: ExtractionPayload) => cleanFragment(html, url),
});
