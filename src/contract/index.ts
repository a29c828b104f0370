// The archive's front door: `guardApi(api)` wraps every ArchiveApi method so that its arguments
// are checked against the contract before the archive runs it. openArchive returns a guarded
// archive, so the command line, Electron IPC and browser mode's HTTP all pass the same checks,
// with one set of limits (LIMITS). `checkCall(method, args)` returns the arguments typed and
// copied, or throws TidingsError('contract', method, ..., 'invalid').

import type { ArchiveApi } from '../api.js';
// From api-methods.ts, where the list lives (api.ts only re-exports it).
import { ARCHIVE_METHODS } from '../api-methods.js';
import { TidingsError } from '../errors.js';
import { ContractViolation } from './checks.js';
import { CONTRACT } from './methods.js';

export { LIMITS } from './methods.js';

export type ArchiveMethod = keyof ArchiveApi;

const METHODS = new Set<string>(ARCHIVE_METHODS);

/** Marks an object whose methods already check their arguments (so callers need not check twice). */
const GUARDED = Symbol('tidings.guarded');

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

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/**
 * A copy of `api` whose every ArchiveApi method checks its arguments before running; anything
 * else (dataDir, on, flush, close...) is kept as it is. Guarding twice is harmless.
 */
export function guardApi<T extends ArchiveApi>(api: T): T {
  if (isGuarded(api)) return api;
  const guarded = { ...api } as Record<string, unknown>;
  for (const method of ARCHIVE_METHODS) {
    const run = api[method] as AnyMethod;
    // async: a refused call is a rejected promise, never a synchronous throw.
    guarded[method] = async (...args: unknown[]) => run.apply(api, checkCall(method, args));
  }
  Object.defineProperty(guarded, GUARDED, { value: true });
  return guarded as T;
}

function isGuarded(api: object): boolean {
  return (api as Record<symbol, unknown>)[GUARDED] === true;
}

/**
 * Call a method with arguments that came from outside the process (IPC, HTTP). A guarded
 * archive checks them itself; anything else is checked here first.
 */
export async function callArchive<M extends ArchiveMethod>(api: ArchiveApi, method: M, args: unknown): Promise<Awaited<ReturnType<ArchiveApi[M]>>> {
  // Not a list at all: refused here with the contract's own message, as the archive would.
  const list = isGuarded(api) && Array.isArray(args) ? args : checkCall(method, args);
  const fn = api[method] as (...a: unknown[]) => Promise<Awaited<ReturnType<ArchiveApi[M]>>>;
  return fn.apply(api, list);
}
