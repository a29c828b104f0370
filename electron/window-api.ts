// The archive as the window may use it: the methods on the allow list (channels.ts) pass
// through; every other method refuses, whoever registered a handler for it. The preload exposes
// only the allowed methods, but a compromised page can still send on any channel, so the main
// process must refuse on its own side too: main.ts hands IPC this object, not the archive.

import { ARCHIVE_METHODS } from '../src/api-methods.js';
import type { ArchiveApi } from '../src/api.js';
import { TidingsError } from '../src/errors.js';
import { isBridgedMethod } from './channels.js';

export function windowApi(api: ArchiveApi): ArchiveApi {
  const entries = ARCHIVE_METHODS.map((method) => {
    if (isBridgedMethod(method)) return [method, (...args: unknown[]) => (api[method] as (...a: unknown[]) => unknown).apply(api, args)];
    return [method, () => Promise.reject(refusal(method))];
  });
  return Object.fromEntries(entries) as unknown as ArchiveApi;
}

function refusal(method: string): TidingsError {
  return new TidingsError('ipc', method, 'not available to the window (not on the allow list in electron/channels.ts)', 'invalid');
}
