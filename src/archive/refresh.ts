// A feed's refresh, top to bottom. Each step is a required, typed dependency that openArchive
// wires from the part that owns it (src/archive/feeds.ts builds RefreshSteps):
//
//    1. fetch      conditional GET, limits, Retry-After, 304/410     src/feeds fetchFeed
//    2. decode     charset (BOM, HTTP, XML declaration, sniffing)    } in a worker thread:
//    3. parse      RSS, Atom, RDF, JSON Feed to one model            } src/feeds FeedParser
//    4. identify   new items, corrections, what the feed remembers   feed-items.ts
//    5. sanitize   DOMPurify on jsdom, images left remote and placed extraction workers
//    6. store      files, then records, one batch                    store-article.ts
//    7. index      the search index learns the new articles          search.ts
//    8. rules      tag rules on the new articles                     search.ts
//    9. retention  the feed's keeping period                         search.ts
//   10. queue      images, full texts, enclosures: in the background images.ts, extraction.ts, enclosures.ts
//
// Articles are visible (a `changed` event) once indexed, before any image is downloaded.
// Never throws: a failure is recorded on the feed and returned.

import type { ArchiveEvent } from '../api.js';
import type { FeedFetch, FeedOutcome, ParsedFeed } from '../feeds/index.js';
import type { Feed } from '../model/index.js';
import { type ItemStore, type Known, type Sanitize, identifyItems, reportItems, sanitizeItems, storeItems } from './feed-items.js';
import { wantsFullText } from './summary-only.js';

export interface RefreshSteps {
  fetch(feed: Feed): Promise<FeedFetch>;
  /** Decode and parse a body in a worker; `url` is the final URL, `contentLocation` the header. */
  parse(body: Uint8Array, contentType: string | null, url: string, contentLocation: string | null): Promise<ParsedFeed>;
  /** What the archive holds, as far as telling a feed's new items goes. */
  known(feed: Feed): Known;
  sanitize: Sanitize;
  store: ItemStore;
  index(ids: { added: string[]; changed: string[] }): Promise<void>;
  rules(ids: string[]): Promise<void>;
  retention(feed: Feed): Promise<void>;
  images: { add(ids: string[]): void };
  fullTexts: { add(ids: string[]): void };
  enclosures: { add(ids: string[]): void };
  /** Write back what the refresh learned about the feed. */
  updateFeed(id: string, patch: Partial<Feed>): void;
  emit(event: ArchiveEvent): void;
}

export async function refreshFeed(feed: Feed, steps: RefreshSteps): Promise<FeedOutcome> {
  const fetched = await steps.fetch(feed);
  if (fetched.status !== 'changed') {
    await steps.retention(feed);
    return finish(feed, steps, fetched);
  }
  try {
    const parsed = await steps.parse(fetched.body, fetched.contentType, fetched.url, fetched.contentLocation);
    const known = steps.known(feed);
    const items = identifyItems(feed, parsed.items, known);
    const sanitized = await sanitizeItems(feed, items, steps.sanitize);
    const stored = await storeItems(feed, items, sanitized, steps.store);
    await steps.index({ added: stored.created, changed: stored.updated });
    const touched = [...stored.created, ...stored.updated];
    if (touched.length > 0) steps.emit({ type: 'changed', what: 'articles', ids: touched });
    await steps.rules(stored.created);
    await steps.retention(feed);
    queueBackground(feed, parsed, stored.created, touched, known, steps);
    reportItems(feed, stored, steps.emit);
    return finish(feed, steps, fetched.done(stored.created.length, learnedFrom(feed, parsed)));
  } catch (error) {
    return finish(feed, steps, fetched.failed(error));
  }
}

/** Step 10: what goes on in the background and never holds the refresh. */
function queueBackground(feed: Feed, parsed: ParsedFeed, created: string[], touched: string[], known: Known, steps: RefreshSteps): void {
  steps.images.add(touched);
  // Only an item with a page can have its full text fetched.
  if (created.length > 0 && wantsFullText(feed, parsed.items)) steps.fullTexts.add(created.filter((id) => known.articles[id]?.url));
  steps.enclosures.add(created);
}

/** What the document tells of a feed that it did not know: its site, and its title when it had none. */
function learnedFrom(feed: Feed, parsed: ParsedFeed): Partial<Feed> {
  const learned: Partial<Feed> = {};
  if (!feed.siteUrl && parsed.siteUrl) learned.siteUrl = parsed.siteUrl;
  // A feed subscribed without a title takes the one it gives itself.
  if (!feed.title && parsed.title) learned.title = parsed.title;
  return learned;
}

function finish(feed: Feed, steps: RefreshSteps, ended: { outcome: FeedOutcome; patch: Partial<Feed> }): FeedOutcome {
  if (Object.keys(ended.patch).length > 0) steps.updateFeed(feed.id, ended.patch);
  return ended.outcome;
}
