// The command line run in-process on a data directory, its output and errors caught as text.

import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `tidings --data-dir DIR ARGS…` with no environment; `dir` is read at each call (set in beforeAll). */
export function cliOn(dir: () => string): (...args: string[]) => Promise<CliRun> {
  return async (...args) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['--data-dir', dir(), ...args], { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}
