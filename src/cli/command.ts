// What a command of the command line is: a name, its usage line, the options and how many
// arguments it takes (checked strictly before the archive is opened, see args.ts), and what it
// does with an open archive. Commands print through `out`, never through console directly.

import type { Archive } from '../api.js';
import { LIMITS } from '../contract/index.js';

export type Flags = Record<string, string | boolean>;

/** One `--name` option of a command. */
export type OptionSpec =
  | { type: 'boolean'; help: string }
  | {
    type: 'string';
    help: string;
    /** How the value is shown in help: `--limit=N`. */
    value: string;
    /** A whole number within these bounds, digits only (`10x`, `-1`, `1e3` are refused). */
    whole?: { min: number; max: number };
    /** The value must be one of these. */
    choices?: readonly string[];
  };

export interface CommandContext {
  archive: Archive;
  args: string[];
  /** Options given to the command (`--dry-run`, `--folder=News`), already checked against its spec. */
  flags: Flags;
  json: boolean;
  /** The command's result: shown only once the archive has been flushed and closed without error. */
  out: (line: string) => void;
  /** Shown at once: progress of long work (refresh) and what a long-running command serves. */
  progress: (line: string) => void;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options?: Record<string, OptionSpec>;
  /** How many positional arguments it takes: [min, max] (max may be Infinity). */
  args: readonly [number, number];
  /** Checks that need more than the spec (sub-actions, options that go together); throws UsageError. */
  check?(input: { args: string[]; flags: Flags }): void;
  run(ctx: CommandContext): Promise<unknown>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function printJson(ctx: CommandContext, value: unknown): void {
  ctx.out(JSON.stringify(value, null, 2));
}

export function flagString(ctx: { flags: Flags }, name: string): string | undefined {
  const value = ctx.flags[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new UsageError(`--${name} needs a value (--${name}=VALUE)`);
  return value;
}

/** A whole number given as `--name=N` (its bounds were checked with the spec), or undefined. */
export function intFlag(ctx: { flags: Flags }, name: string): number | undefined {
  const value = flagString(ctx, name);
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new UsageError(`--${name} must be a whole number`);
  return Number(value);
}

/** A comma-separated list given as `--name=a,b`, trimmed, empty entries dropped. */
export function listFlag(ctx: { flags: Flags }, name: string): string[] | undefined {
  return flagString(ctx, name)?.split(',').map((t) => t.trim()).filter(Boolean);
}

/** Options shared by many commands; bounds from the archive's own LIMITS. */
export const LIMIT_OPTIONS = {
  limit: { type: 'string', value: 'N', help: 'how many articles to show', whole: { min: 1, max: LIMITS.pageSize } },
  offset: { type: 'string', value: 'N', help: 'skip this many first', whole: { min: 0, max: LIMITS.offset } },
} as const satisfies Record<string, OptionSpec>;

export const TAGS_OPTION = {
  tags: { type: 'string', value: 'a,b', help: 'tags to add, separated by commas' },
} as const satisfies Record<string, OptionSpec>;
