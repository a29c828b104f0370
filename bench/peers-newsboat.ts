// Newsboat as the peers-refresh baseline: `newsboat -x reload` with its own config, urls and
// cache in the work dir, and HOME (and the XDG folders) pointed there too, so nothing of the
// user's is read or touched.

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ms } from './harness.js';

export const NEWSBOAT = 'newsboat';
const THREADS = 8;

/** Newsboat's version line, or null when it is not installed. */
export function newsboatVersion(): string | null {
  const probe = spawnSync(NEWSBOAT, ['-v'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error || probe.status !== 0) return null;
  // 'newsboat 2.21.0 - https://newsboat.org/': the name and version.
  return probe.stdout.split(' - ')[0]?.trim() || NEWSBOAT;
}

export interface Newsboat {
  /** One `newsboat -x reload`, timed from spawn to exit, in ms. */
  reload(): Promise<number>;
}

export function setUpNewsboat(dir: string, urls: string[]): Newsboat {
  const home = path.join(dir, 'home');
  for (const sub of ['.config', '.local/share', '.cache']) mkdirSync(path.join(home, sub), { recursive: true });
  writeFileSync(path.join(dir, 'config'), `reload-threads ${THREADS}\n`);
  writeFileSync(path.join(dir, 'urls'), `${urls.join('\n')}\n`);
  // No proxy from the caller's environment: loopback is asked directly.
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    LANG: 'C.UTF-8',
    TERM: 'dumb',
  };
  const args = ['-x', 'reload', '-C', 'config', '-u', 'urls', '-c', 'cache.db'];
  return {
    reload: () =>
      new Promise((resolve, reject) => {
        const start = process.hrtime.bigint();
        const child = spawn(NEWSBOAT, args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('exit', (code) => {
          const took = ms(start);
          if (code === 0) resolve(took);
          else reject(new Error(`bench: newsboat -x reload exited with ${code}: ${stderr.trim().slice(0, 300)}`));
        });
      }),
  };
}
