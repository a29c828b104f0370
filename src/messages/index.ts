// What a person reads when something failed: one sentence saying what happened and what to do.
// The technical message ("feeds: https://x/feed: HTTP 404") stays what is stored and logged
// (Feed.lastError, extraction.reason, --verbose); this module turns it into the sentence at
// display time, so archives written before it show readable text too. It works on the text
// alone (no Node imports): errors that crossed IPC or HTTP arrive as plain messages, and the
// renderer imports this file as it is.

export type Subject = 'feed' | 'page';

/** The class of a failure, for callers that act on it (the CLI keeps input errors technical). */
export type FailureClass =
  | 'http' | 'tls' | 'dns' | 'refused' | 'reset' | 'timeout' | 'too-large' | 'not-a-feed' | 'no-feed-found'
  | 'broken-feed' | 'not-a-page' | 'no-article' | 'private' | 'disk-full' | 'busy' | 'wait' | 'redirects'
  | 'bad-url' | 'gone' | 'other';

export interface Readable {
  kind: FailureClass;
  sentence: string;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 408: 'Request Timeout', 410: 'Gone', 429: 'Too Many Requests',
  451: 'Unavailable For Legal Reasons', 500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** One sentence for any thrown value or stored error text. */
export function readableError(error: unknown, subject?: Subject): string {
  return classify(technicalText(error), subject).sentence;
}

/** The sentence and its class. `subject` defaults to what the module prefix says (feeds: → feed). */
export function classify(technical: string, subject?: Subject): Readable {
  const text = technical.trim();
  const what = subject ?? subjectOf(text);
  for (const rule of RULES) {
    const match = rule.test.exec(text);
    if (match) return { kind: rule.kind, sentence: rule.say(match, what, text) };
  }
  return { kind: 'other', sentence: sentenceOf(withoutPrefix(text)) };
}

/** "Could not save example.com/x: the page answered …" — the save toast's and the CLI's line. */
export function couldNotSave(url: string, error: unknown): string {
  return `Could not save ${shortUrl(url)}: ${lowerFirst(readableError(error, 'page'))}`;
}

/** An address as people write it: no scheme, no "www.", no trailing slash. */
export function shortUrl(raw: string): string {
  return raw.trim().replace(/^https?:\/\//i, '').replace(/^www\./i, '').replace(/\/$/, '');
}

export function technicalText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  return 'Something went wrong (no message given)';
}

// ---- the table -----------------------------------------------------------------------------

interface Rule {
  kind: FailureClass;
  test: RegExp;
  say: (match: RegExpExecArray, what: Subject, text: string) => string;
}

const the = (what: Subject) => (what === 'feed' ? 'The feed' : 'The page');

const RULES: Rule[] = [
  { kind: 'http', test: /\bHTTP (\d{3})\b/, say: (m, what) => httpSentence(Number(m[1]), what) },
  { kind: 'wait', test: /asked us to wait|Retry-After/i, say: () => 'The site asked Tidings to wait before fetching again: it will try by itself later.' },
  {
    kind: 'tls',
    test: /certificate|CERT_|SELF_SIGNED|self[- ]signed|\bTLS\b|\bSSL\b|ERR_TLS/i,
    say: () => "The site's security certificate is not valid (expired, self-signed or for another name), so Tidings did not connect: check the address, or tell the site's owner.",
  },
  { kind: 'dns', test: /host not found|ENOTFOUND|EAI_AGAIN|getaddrinfo/i, say: () => "The site's name was not found (DNS): check the address for typos, and your internet connection." },
  { kind: 'refused', test: /connection refused|ECONNREFUSED/i, say: () => 'The site refused the connection (it may be down): try again later.' },
  { kind: 'reset', test: /connection closed by the server|ECONNRESET|socket hang up|UND_ERR_SOCKET/i, say: () => 'The site closed the connection before answering: try again later.' },
  { kind: 'timeout', test: /timed out|ETIMEDOUT|\btimeout\b/i, say: () => 'The site took too long to answer: try again later.' },
  { kind: 'too-large', test: /larger than|too large/i, say: (_m, what) => `${the(what)} is too large for Tidings to keep: open it in a browser instead.` },
  { kind: 'no-feed-found', test: /no feed found/i, say: () => 'No feed was found at this address: check it, or look on the site for an RSS or Atom link.' },
  {
    kind: 'not-a-feed',
    test: /not a feed|JSON but not a JSON Feed/i,
    say: () => "This address is a web page, not a feed: try the site's address in + Feed to find its feed.",
  },
  { kind: 'broken-feed', test: /cannot parse|invalid JSON/i, say: () => "The feed is broken (Tidings could not read it): try again later, or tell the site's owner." },
  { kind: 'not-a-page', test: /not a web page \(([^)]*)\)/i, say: (m) => notAPage(m[1] ?? '') },
  {
    kind: 'no-article',
    test: /found no article|no text once cleaned/i,
    say: () => 'The page has no article text Tidings could find (it may be empty, or drawn by scripts): open it in a browser instead.',
  },
  {
    kind: 'private',
    test: /private address/i,
    say: () => 'This address is on a private network, and a source on the public internet may not lead there: Tidings refused it to protect your network.',
  },
  { kind: 'disk-full', test: /no space left|ENOSPC|free some space/i, say: () => 'The disk is full: free some space and try again (nothing was lost).' },
  {
    kind: 'busy',
    test: /archive is (?:already )?open in|could not take the lock/i,
    say: (_m, _what, text) => `The archive is in use by another Tidings: ${lowerFirst(afterFirst(withoutPrefix(text), /; /) ?? 'close it there first')}`.replace(/\.?$/, '.'),
  },
  { kind: 'redirects', test: /redirect loop|more than \d+ redirects/i, say: () => 'The site sends Tidings round in circles (too many redirects): open it in a browser to find where it went.' },
  { kind: 'bad-url', test: /not a valid URL|only http and https/i, say: () => 'This is not a web address Tidings can fetch: check it (it looks like https://example.com/page).' },
  { kind: 'gone', test: /: no such (article|feed|folder|rule|saved search)$/i, say: (m) => `That ${m[1]} no longer exists (it may have been deleted meanwhile).` },
];

function httpSentence(status: number, what: Subject): string {
  const answered = `${the(what)} answered HTTP ${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}`;
  if (status === 404) return `${answered} (the address may have moved): check the site for its new ${what === 'feed' ? 'feed ' : ''}address.`;
  if (status === 410) return `${answered}: the site removed it${what === 'feed' ? ', so Tidings no longer fetches it' : ''}.`;
  if (status === 401 || status === 403) return `${answered}: the site refuses readers without an account; open it in a browser to see whether it needs a login.`;
  if (status === 429) return `${answered} (the site limits how often it may be fetched): Tidings will try again later.`;
  if (status >= 500) return `${answered} (a problem on the site's side): try again later.`;
  return `${answered}: check the address.`;
}

function notAPage(type: string): string {
  const t = type.toLowerCase();
  if (t === 'application/pdf') return 'This address is a PDF document, not a web page: download it and keep it as a file.';
  if (t.startsWith('image/')) return 'This address is an image, not a web page: open it in a browser to keep it.';
  if (t.startsWith('audio/') || t.startsWith('video/')) return 'This address is a recording, not a web page: open it in a browser to keep it.';
  return `This address is not a web page (${type}): Tidings saves web pages only.`;
}

/** "feeds: https://x/feed: HTTP 404" names a feed; "extract:", "net:" a page. */
function subjectOf(text: string): Subject {
  return /^(feeds|opml):/.test(text) ? 'feed' : 'page';
}

/** The message without "module: input: ", which belongs in logs. */
export function withoutPrefix(text: string): string {
  return text.replace(/^[a-z][a-z-]*: /, '').replace(/^(?:[a-z][a-z+.-]*:\/\/|\/|file:)\S*?: /i, '').replace(/^[0-9a-f]{16}: /, '');
}

function afterFirst(text: string, separator: RegExp): string | null {
  const at = text.search(separator);
  return at < 0 ? null : text.slice(at).replace(separator, '');
}

function sentenceOf(text: string): string {
  const trimmed = text.trim() || 'Something went wrong (no message given)';
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?)]$/.test(first) ? first : `${first}.`;
}

function lowerFirst(text: string): string {
  // "HTTP", "DNS": an acronym keeps its capitals.
  return /^[A-Z]{2}/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * The sentence for a thrown error as front ends show it: a failed save names the page
 * ("Could not save example.com/x: …"), anything else is its class's sentence. Duck-typed on
 * TidingsError's `module` and `input` so this file needs nothing else of the engine.
 */
export function explain(error: unknown): string {
  const { module, input } = (error ?? {}) as { module?: unknown; input?: unknown };
  if (module === 'extract' && typeof input === 'string' && /^https?:/i.test(input)) return couldNotSave(input, error);
  return readableError(error);
}
