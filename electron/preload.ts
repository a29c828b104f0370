// The preload of the Tidings window: sandboxed, built into one CommonJS file
// (dist/electron/preload.cjs, by esbuild in `npm run build`) that only requires 'electron'.
// It exposes `window.archive` (see bridge.ts) and nothing else: no ipcRenderer, no Node.

import { contextBridge, ipcRenderer } from 'electron';
import { createArchiveBridge, forwardMenuCommands } from './bridge.js';

contextBridge.exposeInMainWorld('archive', createArchiveBridge(ipcRenderer));
forwardMenuCommands(ipcRenderer, window, document);
