// The command line: `tidings [--data-dir DIR] [--json] COMMAND ARGS...`.
// Exit codes: 0 done, 1 failed, 2 bad usage or bad input. Errors are one line on stderr.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openArchive } from '../api.js';
import { TidingsError, describeError } from '../errors.js';
import { type Command, UsageError } from './command.js';
import { COMMANDS } from './commands/index.js';
import { defaultDataDir } from './data-dir.js';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    io.err(`tidings: ${describeError(error)}`);
    return 2;
  }
  if (parsed.command === null || parsed.flags.help === true) {
    io.out(helpText());
    return parsed.command === null && parsed.flags.help !== true ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === parsed.command);
  if (!command) {
    io.err(`tidings: unknown command '${parsed.command}'; run 'tidings --help' for the list`);
    return 2;
  }
  if (parsed.args.length < (command.minArgs ?? 0)) {
    io.err(`tidings: usage: tidings ${command.usage}`);
    return 2;
  }
  const dataDir = parsed.dataDir ?? io.env.TIDINGS_DATA_DIR ?? defaultDataDir(io.env);
  let archive;
  try {
    archive = await openArchive(dataDir);
  } catch (error) {
    io.err(`tidings: ${describeError(error)}`);
    return error instanceof TidingsError && error.kind === 'invalid' ? 2 : 1;
  }
  archive.notices.forEach((n) => io.err(`tidings: ${n}`));
  try {
    await command.run({ archive, args: parsed.args, flags: parsed.flags, json: parsed.json, out: io.out });
    return 0;
  } catch (error) {
    io.err(`tidings: ${describeError(error)}`);
    return exitCodeFor(error);
  } finally {
    await archive.close();
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return 2;
  if (error instanceof TidingsError && (error.kind === 'invalid' || error.kind === 'not-found')) return 2;
  return 1;
}

interface Parsed {
  command: string | null;
  args: string[];
  flags: Record<string, string | boolean>;
  dataDir: string | null;
  json: boolean;
}

export function parseArgs(argv: string[]): Parsed {
  const parsed: Parsed = { command: null, args: [], flags: {}, dataDir: null, json: false };
  let onlyArgs = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (onlyArgs || !token.startsWith('--')) {
      if (parsed.command === null) parsed.command = token;
      else parsed.args.push(token);
      continue;
    }
    if (token === '--') {
      onlyArgs = true;
      continue;
    }
    const [name, value] = splitFlag(token);
    if (name === 'data-dir') {
      const dir = value ?? argv[++i];
      if (!dir) throw new UsageError('--data-dir needs a folder');
      parsed.dataDir = dir;
    } else if (name === 'json') {
      parsed.json = true;
    } else {
      parsed.flags[name] = value ?? true;
    }
  }
  return parsed;
}

function splitFlag(token: string): [string, string | undefined] {
  const eq = token.indexOf('=');
  return eq === -1 ? [token.slice(2), undefined] : [token.slice(2, eq), token.slice(eq + 1)];
}

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    'Tidings — your feeds and saved articles, kept offline.',
    '',
    'usage: tidings [--data-dir DIR] [--json] COMMAND [ARGS...]',
    '',
    ...COMMANDS.map((c: Command) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'The data directory is --data-dir, else $TIDINGS_DATA_DIR, else the desktop app\'s folder.',
    'Exit codes: 0 done, 1 failed, 2 bad usage or input.',
  ].join('\n');
}

function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2));
}
