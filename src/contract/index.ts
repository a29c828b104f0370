// Argument validation shared by every front end that takes calls from outside the engine
// (Electron IPC and browser mode's HTTP API): `checkCall(method, args)` returns the arguments
// typed and copied, or throws TidingsError('contract', method, ..., 'invalid').

import { ARCHIVE_METHODS, type ArchiveApi } from '../api.js';
import { TidingsError } from '../errors.js';
import { ContractViolation } from './checks.js';
import { CONTRACT } from './methods.js';

export { LIMITS } from './methods.js';

export type ArchiveMethod = keyof ArchiveApi;

const METHODS = new Set<string>(ARCHIVE_METHODS);

export function isArchiveMethod(name: string): name is ArchiveMethod {
  return METHODS.has(name);
}

/** The arguments of a call, checked against the contract. */
export function checkCall<M extends ArchiveMethod>(method: M, args: unknown): Parameters<ArchiveApi[M]> {
  try {
    return CONTRACT[method](args, 'arguments');
  } catch (error) {
    if (error instanceof ContractViolation) throw new TidingsError('contract', method, error.message, 'invalid');
    throw error;
  }
}

/** Check the arguments, then call the method on the archive. */
export async function callArchive<M extends ArchiveMethod>(api: ArchiveApi, method: M, args: unknown): Promise<Awaited<ReturnType<ArchiveApi[M]>>> {
  const checked = checkCall(method, args);
  const fn = api[method] as (...a: unknown[]) => Promise<Awaited<ReturnType<ArchiveApi[M]>>>;
  return fn.apply(api, checked);
}
