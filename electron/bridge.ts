// What the preload exposes as `window.archive`: each method on the allow list (channels.ts) as an
// IPC call, events, asset URLs. Written against a minimal ipcRenderer so it runs in tests without Electron.

import type { ArchiveApi, ArchiveEvent } from '../src/api.js';
import { BRIDGED_METHODS, type BridgedMethod, channelFor, EVENT_CHANNEL, type IpcReply, MENU_CHANNEL, MENU_DOM_EVENT, MENU_SET_CHANNEL } from './channels.js';

/** The allowed methods only (channels.ts BRIDGED_METHODS), events, asset URLs. */
export type ArchiveBridge = Pick<ArchiveApi, BridgedMethod> & {
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
  ) as unknown as Pick<ArchiveApi, BridgedMethod>;
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

interface EventTargetLike {
  dispatchEvent(event: Event): boolean;
}

/**
 * The menu, both ways. Items clicked arrive as a cancelable DOM event `tidings:menu` on `window`
 * (detail: the command's id), so the page needs no listener API from us; the page describes its
 * items with `window.tidingsMenu.set(menu)`, which main checks (electron/menu.ts) before
 * building the menu. An item arriving before the page listens is dropped: the page describes
 * the menu only once it listens.
 */
export function forwardMenuCommands(ipc: IpcRendererLike, window: EventTargetLike): void {
  ipc.on(MENU_CHANNEL, (_event, value) => {
    if (typeof value === 'string') window.dispatchEvent(new CustomEvent(MENU_DOM_EVENT, { detail: value, cancelable: true }));
  });
}

export function createMenuBridge(ipc: Pick<IpcRendererLike, 'invoke'>) {
  return {
    async set(menu: unknown): Promise<void> {
      unwrap(await ipc.invoke(MENU_SET_CHANNEL, menu));
    },
  };
}

/** An IPC answer: its result, or its error thrown with the kind and the readable sentence. */
export function unwrap(reply: unknown): unknown {
  const r = reply as IpcReply | null;
  if (r && r.ok === true) return r.result;
  // kind and readable travel with the error: the window's toasts show the readable sentence.
  if (r && r.ok === false) throw Object.assign(new Error(r.error), { kind: r.kind, ...(r.readable ? { readable: r.readable } : {}) });
  throw new Error('ipc: the main process sent an answer that is not a reply');
}
