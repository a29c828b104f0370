// `tidings serve`: browser mode. Serves the app and the archive on 127.0.0.1 until SIGINT or
// SIGTERM; the command line closes (flushes) the archive once `run` returns.

import { startServer } from '../../server/index.js';
import { type Command, flagString, intFlag } from '../command.js';

export const serveCommand: Command = {
  name: 'serve',
  usage: 'serve [--port=N] [--static=DIR]',
  summary: 'serve the app to a browser on this machine (127.0.0.1, with a per-run token) until Ctrl-C',
  options: {
    port: { type: 'string', value: 'N', help: 'the port (default: any free one)', whole: { min: 0, max: 65535 } },
    static: { type: 'string', value: 'DIR', help: 'serve the app from this folder (default: the built renderer)' },
  },
  args: [0, 0],
  async run(ctx) {
    const server = await startServer(ctx.archive, { port: intFlag(ctx, 'port') ?? 0, staticDir: flagString(ctx, 'static') });
    // Shown at once (not held until the archive closes): the user needs the address now.
    ctx.progress(`Tidings is serving ${server.url}`);
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
