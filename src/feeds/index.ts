// Feeds: parse every format to one model, discover feeds on a page, OPML in and out, refresh
// politely, schedule refreshes. The archive (src/archive/feeds.ts) is the orchestrator that
// stores what comes out; nothing here touches the store.

export type { FeedFormat, ParsedFeed, ParsedItem } from './model.js';
export { parseBody, parseFeed, sniff } from './parse.js';
export { FeedParser } from './parser.js';
export { discoverFeeds, feedLinks, userUrl, FEED_ACCEPT } from './discover.js';
export { parseOpml, buildOpml, type OpmlEntry, type OpmlList } from './opml.js';
export { refreshFeeds, fetchFeed, permanentTarget, type FetchOptions, type FeedFetch, type FeedOutcome } from './refresh.js';
export { Scheduler, dueFeeds, type SchedulerDeps } from './scheduler.js';
export { nextAfterFailure, nextAfterSuccess, nextAfterRetryAfter, jitter } from './schedule.js';
export { MAX_OPML_CHARS } from './opml.js';
export { decodeEntities, stripTags } from './markup.js';
export { findFeedIcon } from './icon.js';
