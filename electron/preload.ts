// The preload of the Tidings window: sandboxed, built into one CommonJS file
// (dist/electron/preload.cjs, by esbuild in `npm run build`) that only requires 'electron'.
// It exposes `window.archive` (see bridge.ts) and `window.tidingsFiles` (files-bridge.ts), nothing
// else: no ipcRenderer, no Node.

import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createArchiveBridge, forwardMenuCommands } from './bridge.js';
import { createFilesBridge } from './files-bridge.js';

contextBridge.exposeInMainWorld('archive', createArchiveBridge(ipcRenderer));
// Import…, Export… (main's dialogs) and dropped files (their path as Electron knows it).
contextBridge.exposeInMainWorld('tidingsFiles', createFilesBridge(ipcRenderer, (file) => webUtils.getPathForFile(file)));
forwardMenuCommands(ipcRenderer, window, document);
