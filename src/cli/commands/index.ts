// Every command of the command line, grouped by the part of the archive it speaks to.
import type { Command } from '../command.js';
import { articleCommands } from './articles.js';
import { exportCommands } from './exports.js';
import { extractCommands } from './extract.js';
import { feedCommands } from './feeds.js';
import { highlightCommands } from './highlights.js';
import { importCommands } from './imports.js';
import { searchCommands } from './search.js';
import { serveCommand } from './serve.js';

export const COMMANDS: Command[] = [...articleCommands, ...extractCommands, ...feedCommands, ...searchCommands, ...highlightCommands, ...importCommands, ...exportCommands, serveCommand];
