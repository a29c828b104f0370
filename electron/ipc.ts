// The one typed wrapper around ipcMain: every ArchiveApi method gets a handler on
// `archive:<method>` that (1) refuses any sender whose frame is not our renderer page,
// (2) passes the arguments, still unknown, to the archive, whose front door (src/contract,
// guardApi) checks them, and (3) answers { ok, result } or { ok: false, error, kind } with one
// readable message. Only the listed method names get a channel at all.
// Raw ipcMain is used only here (lint enforces it); main.ts calls installArchiveIpc.

import type { Archive, ArchiveApi } from '../src/api.js';
import { callArchive } from '../src/contract/index.js';
import { TidingsError, describeError } from '../src/errors.js';
import { explain } from '../src/messages/index.js';
import { BRIDGED_METHODS, type BridgedMethod, channelFor, EVENT_CHANNEL, type IpcReply } from './channels.js';

/** What a handler needs of Electron's IpcMainInvokeEvent. */
export interface InvokeEventLike {
  senderFrame: { url: string } | null;
}

/** What we need of Electron's ipcMain (the real one fits; tests pass a fake). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<IpcReply>): void;
  removeHandler(channel: string): void;
}

export interface IpcOptions {
  /** True for the URL of our renderer page (see security.ts isAppUrl). */
  isTrustedUrl(url: string): boolean;
}

/** Register a handler per method; returns a function that removes them all. */
export function registerArchiveHandlers(ipc: IpcMainLike, api: ArchiveApi, options: IpcOptions): () => void {
  for (const method of BRIDGED_METHODS) {
    ipc.handle(channelFor(method), (event, ...args) => answer(api, method, event, args, options));
  }
  return () => BRIDGED_METHODS.forEach((method) => ipc.removeHandler(channelFor(method)));
}

export function answer(api: ArchiveApi, method: BridgedMethod, event: InvokeEventLike, args: unknown[], options: IpcOptions): Promise<IpcReply> {
  return guardedAnswer(method, event, options, () => callArchive(api, method, args));
}

/**
 * Every channel's answer (archive methods, files, the menu): refused unless the sender is our
 * page; otherwise the result, or the error as one message with its kind.
 */
export async function guardedAnswer(channel: string, event: InvokeEventLike, options: IpcOptions, run: () => Promise<unknown>): Promise<IpcReply> {
  const url = event.senderFrame?.url ?? '';
  if (!options.isTrustedUrl(url)) {
    return { ok: false, error: `ipc: ${channel}: refused a call from ${url.slice(0, 100) || 'an unknown frame'}, which is not the Tidings window`, kind: 'invalid' };
  }
  try {
    return { ok: true, result: (await run()) ?? null };
  } catch (error) {
    const failure = error instanceof TidingsError ? error : new TidingsError('ipc', channel, describeError(error), 'failed');
    // A failure of the outside world also carries the sentence people read (src/messages).
    return failure.kind === 'failed' ? { ok: false, error: failure.message, kind: failure.kind, readable: explain(failure) } : { ok: false, error: failure.message, kind: failure.kind };
  }
}

/** The real ipcMain, for the typed handlers of other channels (files, menu); loaded lazily as above. */
export async function electronIpcMain(): Promise<IpcMainLike> {
  const { ipcMain } = await import('electron');
  return ipcMain;
}

/** Send every archive event to the window while it lives; returns the unsubscribe function. */
export function forwardEvents(archive: Pick<Archive, 'on'>, target: { isDestroyed(): boolean; send(channel: string, event: unknown): void }): () => void {
  return archive.on((event) => {
    if (!target.isDestroyed()) target.send(EVENT_CHANNEL, event);
  });
}

/** Wire the real ipcMain. Electron is loaded here, lazily, so tests can import this file. */
export async function installArchiveIpc(api: ArchiveApi, options: IpcOptions): Promise<() => void> {
  const { ipcMain } = await import('electron');
  return registerArchiveHandlers(ipcMain, api, options);
}
