// The preload of the Tidings window: sandboxed, built into one CommonJS file
// (dist/electron/preload.cjs, by esbuild in `npm run build`) that only requires 'electron'.
// It exposes `window.archive` (see bridge.ts), `window.tidingsFiles` (files-bridge.ts) and
// `window.tidingsMenu` (bridge.ts), nothing else: no ipcRenderer, no Node.

import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createArchiveBridge, createMenuBridge, forwardMenuCommands } from './bridge.js';
import { createFilesBridge } from './files-bridge.js';

contextBridge.exposeInMainWorld('archive', createArchiveBridge(ipcRenderer));
// Import…, Export… (main's dialogs) and dropped files (their path as Electron knows it).
contextBridge.exposeInMainWorld('tidingsFiles', createFilesBridge(ipcRenderer, (file) => webUtils.getPathForFile(file)));
// The application menu: the page describes its commands; their clicks come back as DOM events.
contextBridge.exposeInMainWorld('tidingsMenu', createMenuBridge(ipcRenderer));
forwardMenuCommands(ipcRenderer, window);
