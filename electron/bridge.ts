// What the preload exposes as `window.archive`: every ArchiveApi method as an IPC call, events,
// asset URLs. Written against a minimal ipcRenderer so it runs in tests without Electron.

import type { ArchiveApi, ArchiveEvent } from '../src/api.js';
import { BRIDGED_METHODS, channelFor, EVENT_CHANNEL, type IpcReply, MENU_CHANNEL, MENU_DOM_EVENT, type MenuCommand } from './channels.js';

export type ArchiveBridge = ArchiveApi & {
  onEvent(listener: (event: ArchiveEvent) => void): () => void;
  assetUrl(name: string): string;
};

type Handler = (event: unknown, ...args: unknown[]) => void;

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: Handler): unknown;
  removeListener(channel: string, listener: Handler): unknown;
}

export function createArchiveBridge(ipc: IpcRendererLike): ArchiveBridge {
  const methods = Object.fromEntries(
    BRIDGED_METHODS.map((method) => [method, async (...args: unknown[]) => unwrap(await ipc.invoke(channelFor(method), ...args))]),
  ) as unknown as ArchiveApi;
  return {
    ...methods,
    onEvent(listener) {
      const handler: Handler = (_event, archiveEvent) => listener(archiveEvent as ArchiveEvent);
      ipc.on(EVENT_CHANNEL, handler);
      return () => {
        ipc.removeListener(EVENT_CHANNEL, handler);
      };
    },
    assetUrl: (name) => `tidings-asset://asset/${encodeURIComponent(name)}`,
  };
}

/** Menu commands arrive as a DOM event on `window`, so the page needs no extra bridge API. */
export function forwardMenuCommands(ipc: IpcRendererLike, target: { dispatchEvent(event: CustomEvent<MenuCommand>): boolean }): void {
  ipc.on(MENU_CHANNEL, (_event, command) => {
    target.dispatchEvent(new CustomEvent(MENU_DOM_EVENT, { detail: command as MenuCommand }));
  });
}

function unwrap(reply: unknown): unknown {
  const r = reply as IpcReply | null;
  if (r && r.ok === true) return r.result;
  if (r && r.ok === false) throw new Error(r.error);
  throw new Error('ipc: the main process sent an answer that is not a reply');
}
