// Strict reading of a command line, before any archive is opened: node:util parseArgs with
// `strict: true` against the command's own option spec plus the global options. An unknown
// option, a value on a boolean one, a missing value, a sloppy number or a wrong count of
// arguments is a UsageError naming it (`retention: unknown option --dryrun`), so a typo never
// runs a command the user did not ask for (`rules run --dryrun` once ran the rules for real).

import { parseArgs } from 'node:util';
import { type Command, type Flags, type OptionSpec, UsageError } from './command.js';

/** Options every command takes, before or after its name. */
export const GLOBAL_OPTIONS = {
  'data-dir': { type: 'string', value: 'DIR', help: "the archive's folder (else $TIDINGS_DATA_DIR, else the desktop app's)" },
  json: { type: 'boolean', help: 'print the result as JSON' },
  help: { type: 'boolean', help: 'show the usage and options, run nothing (also -h)' },
  version: { type: 'boolean', help: 'print the version' },
} as const satisfies Record<string, OptionSpec>;

export type Invocation =
  | { kind: 'help'; command: Command | null }
  | { kind: 'version' }
  | { kind: 'run'; command: Command; args: string[]; flags: Flags; dataDir: string | null; json: boolean };

type Spec = Record<string, OptionSpec>;

// A word with one dash is an argument, not a bundle of short options: `search gpu -twitter`
// excludes a word, and parseArgs would read it as -t -w -i... Such words travel marked with a
// character no argv can hold (argv strings end at NUL) and come back unmarked.
const MARK = '\u0000';

export function parseCommandLine(argv: string[], commands: readonly Command[]): Invocation {
  const marked = markDashWords(argv);
  const found = findCommandName(marked);
  if (found === null) {
    const { values } = strictParse(marked, GLOBAL_OPTIONS, null);
    if (values.version === true) return { kind: 'version' };
    if (values.help === true) return { kind: 'help', command: null };
    throw new UsageError("name a command; run 'tidings --help' for the list");
  }
  const command = commands.find((c) => c.name === found.name);
  if (!command) throw new UsageError(`unknown command '${found.name.slice(0, 80)}'; run 'tidings --help' for the list`);
  const rest = marked.filter((_, i) => i !== found.index);
  const { values, positionals } = strictParse(rest, { ...command.options, ...GLOBAL_OPTIONS }, command.name);
  if (values.version === true) return { kind: 'version' };
  if (values.help === true) return { kind: 'help', command };
  checkCount(command, positionals);
  const flags = commandFlags(command, values);
  command.check?.({ args: positionals, flags });
  const dataDir = values['data-dir'];
  return { kind: 'run', command, args: positionals, flags, dataDir: typeof dataDir === 'string' ? dataDir : null, json: values.json === true };
}

function markDashWords(argv: string[]): string[] {
  const terminator = argv.indexOf('--');
  return argv.map((word, i) => ((terminator === -1 || i < terminator) && /^-[^-]/.test(word) && word !== '-h' ? MARK + word : word));
}

function unmark(word: string): string {
  return word.startsWith(MARK) ? word.slice(MARK.length) : word;
}

/** The first positional word and where it is, reading only the global options. */
function findCommandName(argv: string[]): { name: string; index: number } | null {
  const { tokens } = parseArgs({ args: argv, options: toParseArgs(GLOBAL_OPTIONS), allowPositionals: true, strict: false, tokens: true });
  const first = tokens.find((t) => t.kind === 'positional' || t.kind === 'option-terminator');
  if (!first || first.kind !== 'positional') return null;
  return { name: unmark(first.value), index: first.index };
}

function strictParse(argv: string[], spec: Spec, where: string | null): { values: Flags; positionals: string[] } {
  const config = { args: argv, options: toParseArgs(spec), allowPositionals: true };
  // A first, lenient pass names the offending option in our words; the strict pass then parses.
  const { tokens } = parseArgs({ ...config, strict: false, tokens: true });
  for (const token of tokens) if (token.kind === 'option') checkToken(token, spec, where);
  let parsed;
  try {
    parsed = parseArgs({ ...config, strict: true });
  } catch (error) {
    throw new UsageError(prefix(where, (error as Error).message.split('\n')[0]!));
  }
  const values: Flags = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string' || typeof value === 'boolean') values[name] = typeof value === 'string' ? unmark(value) : value;
  }
  return { values, positionals: parsed.positionals.map(unmark) };
}

interface OptionToken {
  name: string;
  rawName: string;
  value?: string;
  inlineValue?: boolean;
}

function checkToken(token: OptionToken, spec: Spec, where: string | null): void {
  const option = Object.hasOwn(spec, token.name) ? spec[token.name]! : undefined;
  const raw = unmark(token.rawName);
  if (!option) throw new UsageError(prefix(where, `unknown option ${raw}`));
  if (option.type === 'boolean' && token.value !== undefined) throw new UsageError(prefix(where, `${raw} takes no value`));
  // `--limit --json`: the next word is another option, not the value.
  if (option.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
    throw new UsageError(prefix(where, `${raw} needs a value (${raw}=${option.value})`));
  }
}

function checkCount(command: Command, positionals: string[]): void {
  const [min, max] = command.args;
  const usage = `usage: tidings ${command.usage}`;
  if (positionals.length < min) throw new UsageError(`${command.name}: missing argument; ${usage}`);
  if (positionals.length > max) {
    const extra = positionals.slice(max).join(' ');
    throw new UsageError(`${command.name}: too many arguments (${extra.length > 60 ? `${extra.slice(0, 60)}…` : extra}); ${usage}`);
  }
}

/** The command's own options, their values checked against its spec. */
function commandFlags(command: Command, values: Flags): Flags {
  const flags: Flags = {};
  for (const [name, option] of Object.entries(command.options ?? {})) {
    const value = values[name];
    if (value === undefined) continue;
    if (option.type === 'string' && typeof value === 'string') checkValue(command.name, name, option, value);
    flags[name] = value;
  }
  return flags;
}

function checkValue(where: string, name: string, option: Extract<OptionSpec, { type: 'string' }>, value: string): void {
  if (option.whole) {
    const { min, max } = option.whole;
    // Digits only: Number() would take '', ' 5', '1e3' and '0x10'.
    const n = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
    if (!(n >= min && n <= max)) throw new UsageError(`${where}: --${name} must be a whole number from ${min} to ${max}, not '${value.slice(0, 40)}'`);
  }
  if (option.choices && !option.choices.includes(value)) {
    throw new UsageError(`${where}: --${name} must be one of ${option.choices.join(', ')}`);
  }
}

function toParseArgs(spec: Spec): Record<string, { type: 'string' | 'boolean'; short?: string }> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, option] of Object.entries(spec)) options[name] = { type: option.type };
  if (options.help) options.help.short = 'h';
  return options;
}

function prefix(where: string | null, message: string): string {
  return where === null ? message : `${where}: ${message}`;
}
