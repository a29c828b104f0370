// Help texts: the list of commands, and one command's usage with its options.

import { GLOBAL_OPTIONS } from './args.js';
import type { Command, OptionSpec } from './command.js';

export function commandsHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    'Tidings — your feeds and saved articles, kept offline.',
    '',
    'usage: tidings [--data-dir DIR] [--json] COMMAND [ARGS...]',
    '       tidings COMMAND --help    the options of one command',
    '',
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'The data directory is --data-dir, else $TIDINGS_DATA_DIR, else the desktop app\'s folder.',
    'A word starting with one dash is an argument (search gpu -twitter); put -- before words starting with two.',
    "refresh stores the articles first, then their images for up to 30 s (--images-for); images left over download the next time Tidings runs ('stats' shows them).",
    'Exit codes: 0 done, 1 failed, 2 bad usage or input.',
  ].join('\n');
}

export function commandHelp(command: Command): string {
  const options = Object.entries(command.options ?? {});
  return [
    `usage: tidings ${command.usage}`,
    command.summary,
    ...(options.length ? ['', 'options:', ...optionLines(command.options!)] : []),
    '',
    'global options: --data-dir DIR, --json, --help (-h), --version',
  ].join('\n');
}

function optionLines(spec: Record<string, OptionSpec>): string[] {
  const shown = Object.entries(spec).map(([name, o]) => [o.type === 'string' ? `--${name}=${o.value}` : `--${name}`, o.help] as const);
  const width = Math.max(...shown.map(([s]) => s.length));
  return shown.map(([s, help]) => `  ${s.padEnd(width)}  ${help}`);
}
