// The HTTP client of the whole app (feeds, article pages, images): polite, bounded, and
// explicit about what happened (status, redirects, headers). See fetch.ts for the rules.

export { fetchUrl, setNetLimits, IMAGE_FETCH, USER_AGENT, MAX_REDIRECTS, DEFAULTS, type FetchOptions, type FetchResult } from './fetch.js';
export { decodeBody, headerCharset, type BodyKind } from './charset.js';
export { parseRetryAfter } from './retry-after.js';
export { HostLimiter, type Limits } from './limiter.js';
export { readCapped } from './body.js';
export { isPrivateAddress, scopeOf, setOriginClassifier, type NetworkScope } from './address.js';
