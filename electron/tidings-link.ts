// tidings:// links: `tidings://save?url=<page>&title=<title>` saves a page (the bookmarklet of
// Settings, "Save from your browser", in the desktop app). The system hands such a link to the
// app: in argv of a second launch on Linux and Windows (passed to the first by the single-instance
// lock's 'second-instance'), by 'open-url' on macOS. Any page on the web can make such a link, so
// it is parsed strictly (only `save`, an http(s) url, length caps, no other parameter) and does
// only that: save the page, which the user sees at once in the window (never silently).

import type { ArchiveEvent, ArticleSummary, SaveUrlOptions } from '../src/api.js';
import { describeError } from '../src/errors.js';

export const LINK_SCHEME = 'tidings';

const MAX_LINK = 4096;
const MAX_URL = 2048;
const MAX_TITLE = 300;

export type ParsedLink = { url: string; title: string | null } | { refused: string };

export function parseTidingsLink(raw: string): ParsedLink {
  if (raw.length > MAX_LINK) return { refused: `longer than ${MAX_LINK} characters` };
  let link: URL;
  try {
    link = new URL(raw);
  } catch {
    return { refused: 'not a link' };
  }
  if (link.protocol !== `${LINK_SCHEME}:`) return { refused: `not a ${LINK_SCHEME}:// link` };
  if (link.username || link.password || link.port) return { refused: 'a link with credentials or a port' };
  if (link.hostname.toLowerCase() !== 'save' || (link.pathname !== '' && link.pathname !== '/')) return { refused: 'Tidings links only save pages (tidings://save?url=…)' };
  const keys = [...link.searchParams.keys()];
  if (keys.some((k) => k !== 'url' && k !== 'title') || keys.filter((k) => k === 'url').length !== 1 || keys.filter((k) => k === 'title').length > 1) {
    return { refused: 'a save link has one url and at most one title, nothing else' };
  }
  const url = link.searchParams.get('url')!;
  if (url.length > MAX_URL) return { refused: `the address is longer than ${MAX_URL} characters` };
  let page: URL;
  try {
    page = new URL(url);
  } catch {
    return { refused: 'the address is not a web address' };
  }
  if (page.protocol !== 'http:' && page.protocol !== 'https:') return { refused: 'only web pages (http and https) can be saved' };
  const title = (link.searchParams.get('title') ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, MAX_TITLE);
  return { url: page.href, title: title || null };
}

/** The tidings:// link among a launch's arguments (the system appends it), if any. */
export function linkInArgv(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${LINK_SCHEME}:`)) ?? null;
}

export interface LinkHandlerDeps {
  save(url: string, options: SaveUrlOptions): Promise<Pick<ArticleSummary, 'title'> & { extraction: { status: string } }>;
  notify(event: ArchiveEvent): void;
}

/**
 * Links may arrive before the archive is open (macOS sends 'open-url' at launch): they wait
 * until `ready()`, then are handled one after the other.
 */
export function createLinkHandler(deps: LinkHandlerDeps): { handle(raw: string): Promise<void>; ready(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const notice = (level: 'info' | 'warning' | 'error', message: string) => deps.notify({ type: 'notice', level, message });
  return {
    ready: () => open(),
    async handle(raw) {
      await opened;
      const parsed = parseTidingsLink(raw);
      if ('refused' in parsed) return notice('warning', `Ignored a tidings:// link: ${parsed.refused}.`);
      try {
        const article = await deps.save(parsed.url, { keepFailed: true, ...(parsed.title ? { title: parsed.title } : {}) });
        if (article.extraction.status === 'failed') notice('warning', `Kept ${parsed.url} from a tidings:// link, but it could not be read now: “Try again” on it later.`);
        else notice('info', `Saved “${article.title}” from a tidings:// link`);
      } catch (error) {
        notice('error', describeError(error));
      }
    },
  };
}
