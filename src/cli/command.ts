// What a command of the command line is: a name, its usage line, and what it does with an
// open archive. Commands print through `out`, never through console directly.

import type { Archive } from '../api.js';

export interface CommandContext {
  archive: Archive;
  args: string[];
  /** Flags given after the command (`--dry-run`, `--folder=News`). */
  flags: Record<string, string | boolean>;
  json: boolean;
  out: (line: string) => void;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Commands that do not open the archive themselves (serve opens it its own way). */
  run(ctx: CommandContext): Promise<unknown>;
  /** Minimum count of positional arguments. */
  minArgs?: number;
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

export function flagString(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.flags[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new UsageError(`--${name} needs a value (--${name}=VALUE)`);
  return value;
}

/** A whole number ≥ 0 given as `--name=N`, or undefined. */
export function intFlag(ctx: CommandContext, name: string): number | undefined {
  const value = flagString(ctx, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number`);
  return n;
}

/** A comma-separated list given as `--name=a,b`, trimmed, empty entries dropped. */
export function listFlag(ctx: CommandContext, name: string): string[] | undefined {
  return flagString(ctx, name)?.split(',').map((t) => t.trim()).filter(Boolean);
}
