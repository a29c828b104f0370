// Only web pages become items: a bookmark file holds javascript: bookmarklets, place: queries,
// file: paths and mailto: links, which are problems to report, not pages to fetch.

/** Longer addresses are refused whole: a cut URL points somewhere else. */
export const MAX_URL_LENGTH = 8192;

export type UrlCheck = { url: string } | { reason: string };

/** The trimmed http(s) URL, or why it is not one. */
export function checkWebAddress(raw: string | null | undefined): UrlCheck {
  const url = (raw ?? '').trim();
  if (!url) return { reason: 'no web address' };
  if (url.length > MAX_URL_LENGTH) return { reason: `web address longer than ${MAX_URL_LENGTH} characters` };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return { reason: scheme ? `not a web address (${scheme}:)` : 'not a web address' };
  try {
    new URL(url);
  } catch {
    return { reason: 'not a web address (malformed)' };
  }
  return { url };
}
