// Files in and out of the archive, which the window may never do by path: in Electron the main
// process shows its own dialogs or checks the dropped file (the preload's `window.tidingsFiles`);
// in browser mode the file is uploaded to POST /api/import and an export is downloaded from
// GET /api/export (both same-origin, so the token cookie goes along).

import type { ArticleSummary, ExportOptions, ImportFormat, ImportResult, OpmlImportResult } from '../../../src/api.js';
import { ArchiveError } from './types.js';

/** What a dropped file is taken as: a page to keep, feeds to follow, or another app's export. */
export type DropKind = 'article' | 'opml' | 'library';

export type DropResult =
  | { kind: 'article'; article: ArticleSummary }
  | { kind: 'opml'; feeds: OpmlImportResult }
  | { kind: 'library'; result: ImportResult };

export interface Transfers {
  /** Electron asks for the file with the main process's dialog; a browser page must be given the File. */
  readonly picksFile: 'main' | 'page';
  /** In a browser, where a bookmarklet lands (`http://127.0.0.1:PORT/save`); in Electron `tidings://save`. */
  readonly saveAddress: string;
  /** Import a library file; null when the user cancelled the dialog. */
  importLibrary(file: File | null, format: ImportFormat | undefined): Promise<ImportResult | null>;
  importDropped(file: File, kind: DropKind): Promise<DropResult>;
  /** Export; answers what to tell the user, or null when cancelled. */
  exportLibrary(options: ExportOptions): Promise<string | null>;
}

/** The preload's file bridge in Electron (electron/files-bridge.ts). */
export interface FilesBridge {
  importFromDialog(options: { format?: ImportFormat }): Promise<ImportResult | null>;
  importDropped(file: File, kind: DropKind): Promise<DropResult>;
  exportFromDialog(options: ExportOptions): Promise<string | null>;
}

declare global {
  interface Window {
    tidingsFiles?: FilesBridge;
  }
}

const DROP_EXTENSIONS: Record<string, DropKind> = { '.html': 'article', '.htm': 'article', '.txt': 'article', '.opml': 'opml' };

/** How a dropped file is read, from its name: pages and text become articles, OPML feeds, the rest goes through Import. */
export function dropKind(name: string): DropKind {
  const dot = name.lastIndexOf('.');
  return DROP_EXTENSIONS[dot === -1 ? '' : name.slice(dot).toLowerCase()] ?? 'library';
}

export function createTransfers(): Transfers {
  const bridge = window.tidingsFiles;
  if (bridge) {
    return {
      picksFile: 'main',
      saveAddress: 'tidings://save',
      importLibrary: (_file, format) => bridge.importFromDialog(format ? { format } : {}),
      importDropped: (file, kind) => bridge.importDropped(file, kind),
      exportLibrary: (options) => bridge.exportFromDialog(options),
    };
  }
  return httpTransfers(window.location.origin);
}

export function httpTransfers(origin: string, doFetch: typeof fetch = globalThis.fetch.bind(globalThis)): Transfers {
  const upload = async (file: File, params: Record<string, string>): Promise<unknown> => {
    const query = new URLSearchParams({ name: file.name, ...params });
    let response: Response;
    try {
      response = await doFetch(`${origin}/api/import?${query}`, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/octet-stream' }, body: file });
    } catch (error) {
      throw new ArchiveError(`import: ${file.name}: the Tidings server cannot be reached (${(error as Error).message})`, 'failed');
    }
    const body = (await response.json().catch(() => null)) as { result?: unknown; error?: string; kind?: ArchiveError['kind']; readable?: string } | null;
    if (response.ok && body && 'result' in body) return body.result;
    throw new ArchiveError(body?.error ?? `import: ${file.name}: the server answered HTTP ${response.status}`, body?.kind ?? 'failed', body?.readable);
  };
  return {
    picksFile: 'page',
    saveAddress: `${origin}/save`,
    async importLibrary(file, format) {
      if (!file) return null;
      return (await upload(file, format ? { format } : {})) as ImportResult;
    },
    async importDropped(file, kind) {
      if (kind === 'library') return { kind, result: (await upload(file, {})) as ImportResult };
      if (kind === 'article') return { kind, article: (await upload(file, { as: 'article' })) as ArticleSummary };
      return { kind, feeds: (await upload(file, { as: 'opml' })) as OpmlImportResult };
    },
    async exportLibrary(options) {
      const query = new URLSearchParams({ format: options.format, ...(options.query ? { query: options.query } : {}) });
      // Fetched before it is offered, so that a failed export is an error the page shows, not a
      // broken download; the browser keeps a large body on disk, not in the page's memory.
      let response: Response;
      try {
        response = await doFetch(`${origin}/api/export?${query}`, { credentials: 'same-origin' });
      } catch (error) {
        throw new ArchiveError(`export: the Tidings server cannot be reached (${(error as Error).message})`, 'failed');
      }
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: string; kind?: ArchiveError['kind']; readable?: string } | null;
        throw new ArchiveError(body?.error ?? `export: the server answered HTTP ${response.status}`, body?.kind ?? 'failed', body?.readable);
      }
      const name = /filename="([A-Za-z0-9._-]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `tidings-${options.format}`;
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
      return `Exported to ${name} (in your downloads)`;
    },
  };
}
