// The feed-parsing worker thread's entry: decodes and parses one fetched body at a time for
// FeedParser (parser.ts). rss-parser and the charset decoders load here, not in the UI's thread.

import { serveJobs } from '../workers/index.js';
import { parseBody } from './parse.js';

export interface ParsePayload {
  body: Uint8Array;
  contentType: string | null;
  url: string;
  /** The HTTP Content-Location header, if any. */
  contentLocation?: string | null;
}

serveJobs({
  feed: ({ body, contentType, url, contentLocation }: ParsePayload) => parseBody(body, contentType, url, contentLocation ?? null),
});
