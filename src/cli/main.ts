// The command line: `tidings [--data-dir DIR] [--json] COMMAND ARGS...`.
// Exit codes: 0 done, 1 failed, 2 bad usage or bad input. Errors are one line on stderr: what
// failed outside (network, site, disk) as the sentence src/messages makes of it; bad input as
// the technical line, which names what was typed. `--verbose` (anywhere) or TIDINGS_DEBUG=1
// adds the technical line, module prefix and all, under the sentence.
// The arguments are read strictly before the archive is opened (args.ts); what a command
// prints is held back until its changes are flushed and the archive closed, so a write that
// fails (a full disk) is reported as failed, never as saved.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Archive } from '../api.js';
import { openArchive } from '../archive/index.js';
import { TidingsError, describeError } from '../errors.js';
import { classify, explain, type FailureClass } from '../messages/index.js';
import { type Invocation, parseCommandLine } from './args.js';
import { UsageError } from './command.js';
import { COMMANDS } from './commands/index.js';
import { defaultDataDir } from './data-dir.js';
import { commandHelp, commandsHelp } from './help.js';
import { packageVersion } from './version.js';

/** How long a command waits for an archive another process holds (the app, another command). */
const LOCK_WAIT_MS = 10_000;

export interface Io {
  out: (line: string) => void;
  /** `technical`: the error's own message, shown under the line in verbose mode. */
  err: (line: string, technical?: string) => void;
  env: NodeJS.ProcessEnv;
  /** Opens the archive; tests pass one whose flush or close fails. */
  open?: (dataDir: string, options: { lockWaitMs: number }) => Promise<Archive>;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let invocation: Invocation;
  const verbose = argv.includes('--verbose') || Boolean(io.env.TIDINGS_DEBUG);
  if (verbose) io = { ...io, err: withDetails(io.err) };
  try {
    invocation = parseCommandLine(argv.filter((a) => a !== '--verbose'), COMMANDS);
  } catch (error) {
    io.err(`tidings: ${describeError(error)}`);
    return 2;
  }
  if (invocation.kind === 'version') {
    io.out(`tidings ${packageVersion()}`);
    return 0;
  }
  if (invocation.kind === 'help') {
    io.out(invocation.command ? commandHelp(invocation.command) : commandsHelp(COMMANDS));
    return 0;
  }
  return runCommand(invocation, io);
}

async function runCommand(invocation: Extract<Invocation, { kind: 'run' }>, io: Io): Promise<number> {
  const dataDir = invocation.dataDir ?? io.env.TIDINGS_DATA_DIR ?? defaultDataDir(io.env);
  let archive: Archive;
  try {
    archive = await (io.open ?? openArchive)(dataDir, { lockWaitMs: LOCK_WAIT_MS });
  } catch (error) {
    io.err(`tidings: ${lineFor(error)}`, describeError(error));
    return error instanceof TidingsError && error.kind === 'invalid' ? 2 : 1;
  }
  archive.notices.forEach((n) => io.err(`tidings: ${n}`));
  // What the archive reports while it works (an item skipped, a hook that failed) is said at once.
  archive.on((event) => {
    if (event.type === 'notice' && event.level !== 'info') io.err(`tidings: ${event.message}`);
  });
  const held: string[] = [];
  const { command, args, flags, json } = invocation;
  let code = await attempt(io, () => command.run({ archive, args, flags, json, out: (line) => held.push(line), progress: io.out }), exitCodeFor);
  // Every change is in the journal on disk before its call answered; closing writes library.json
  // when that is cheap and says if anything failed. "Saved" is printed only after both.
  const closed = await attempt(io, () => archive.close(), () => 1, code !== 0);
  if (code === 0) code = closed;
  if (code === 0) held.forEach((line) => io.out(line));
  return code;
}

/** Runs one step; a failure is one line on stderr (unless an earlier one was already said). */
async function attempt(io: Io, step: () => Promise<unknown>, codeFor: (error: unknown) => number, quiet = false): Promise<number> {
  try {
    await step();
    return 0;
  } catch (error) {
    if (!quiet) io.err(`tidings: ${lineFor(error)}`, describeError(error));
    return codeFor(error);
  }
}

/** Failures whose message already says what to do and names the file at stake (lock, full disk). */
const KEEP_OWN_WORDS = new Set<FailureClass>(['other', 'busy', 'disk-full', 'bad-url', 'gone']);

/**
 * The line people read for a failed command. A failure of the outside world becomes its
 * sentence (a failed save names the page); bad input, a missing id, and messages already
 * written as sentences (the archive lock) keep their own words.
 */
function lineFor(error: unknown): string {
  if (error instanceof UsageError) return describeError(error);
  if (error instanceof TidingsError && error.kind !== 'failed') return describeError(error);
  const readable = classify(describeError(error));
  if (KEEP_OWN_WORDS.has(readable.kind)) return describeError(error);
  return explain(error);
}

/** In verbose mode, an error line is followed by its technical form when that says more. */
function withDetails(err: Io['err']): Io['err'] {
  return (line, technical) => {
    err(line);
    if (technical !== undefined && line !== `tidings: ${technical}`) err(`tidings: details: ${technical}`);
  };
}

function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return 2;
  if (error instanceof TidingsError && (error.kind === 'invalid' || error.kind === 'not-found')) return 2;
  return 1;
}

/**
 * The real terminal. When the reader of our output goes away (`tidings list | head -1`) writing
 * fails with EPIPE, which would crash with a stack trace: we stop writing and finish quietly.
 */
function processIo(): Io {
  let outOpen = true;
  let errOpen = true;
  process.stdout.on('error', () => (outOpen = false));
  process.stderr.on('error', () => (errOpen = false));
  return {
    out: (line) => void (outOpen && process.stdout.write(`${line}\n`)),
    err: (line) => void (errOpen && process.stderr.write(`${line}\n`)),
    env: process.env,
  };
}

/** The installed command (bin/tidings.js) and `npm run cli` start here. */
export async function runCli(argv: string[]): Promise<void> {
  process.exitCode = await main(argv);
}

function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) await runCli(process.argv.slice(2));
