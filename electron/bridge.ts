// What the preload exposes as `window.archive`: each method on the allow list (channels.ts) as an
// IPC call, events, asset URLs. Written against a minimal ipcRenderer so it runs in tests without Electron.

import type { ArchiveApi, ArchiveEvent } from '../src/api.js';
import { BRIDGED_METHODS, type BridgedMethod, channelFor, EVENT_CHANNEL, type IpcReply, MENU_CHANNEL, MENU_DOM_EVENT, type MenuCommand } from './channels.js';

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

/** Menu commands the page already has a key for: used when it does not take the menu event. */
export const MENU_KEYS: Partial<Record<MenuCommand, string>> = { refresh: 'r', search: '/', shortcuts: '?', settings: ',' };

interface EventTargetLike {
  dispatchEvent(event: Event): boolean;
}

/**
 * Menu commands arrive as a cancelable DOM event `tidings:menu` on `window` (detail: the
 * command), so the page needs no extra bridge API. A page that runs the command calls
 * preventDefault(); if none does, a command with a shortcut key is sent as that key press.
 */
export function forwardMenuCommands(ipc: IpcRendererLike, window: EventTargetLike, document: EventTargetLike): void {
  ipc.on(MENU_CHANNEL, (_event, value) => {
    const command = value as MenuCommand;
    const handled = !window.dispatchEvent(new CustomEvent(MENU_DOM_EVENT, { detail: command, cancelable: true }));
    const key = MENU_KEYS[command];
    if (!handled && key && typeof KeyboardEvent === 'function') {
      document.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    }
  });
}

function unwrap(reply: unknown): unknown {
  const r = reply as IpcReply | null;
  if (r && r.ok === true) return r.result;
  // kind and readable travel with the error: the window's toasts show the readable sentence.
  if (r && r.ok === false) throw Object.assign(new Error(r.error), { kind: r.kind, ...(r.readable ? { readable: r.readable } : {}) });
  throw new Error('ipc: the main process sent an answer that is not a reply');
}
