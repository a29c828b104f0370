// `tidings serve`: browser mode. Serves the app and the archive on 127.0.0.1 until SIGINT or
// SIGTERM; the command line closes (flushes) the archive once `run` returns.

import { startServer } from '../../server/index.js';
import { type Command, type CommandContext, flagString, UsageError } from '../command.js';

export const serveCommand: Command = {
  name: 'serve',
  usage: 'serve [--port=N] [--static=DIR]',
  summary: 'serve the app to a browser on this machine (127.0.0.1, with a per-run token) until Ctrl-C',
  async run(ctx) {
    const server = await startServer(ctx.archive, { port: portFlag(ctx), staticDir: flagString(ctx, 'static') });
    ctx.out(`Tidings is serving ${server.url}`);
    await untilStopped();
    await server.close();
  },
};

/** Resolves on the first SIGINT or SIGTERM (and stops listening for both). */
export function untilStopped(signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      for (const s of signals) process.off(s, onSignal);
      resolve(signal);
    };
    for (const s of signals) process.on(s, onSignal);
  });
}

function portFlag(ctx: CommandContext): number {
  const value = flagString(ctx, 'port');
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a whole number from 0 to 65535');
  return port;
}
