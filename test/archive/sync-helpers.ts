// Two devices sharing a folder, as the sync tests play them: each archive is its own data
// directory, and "the sync tool" copies the other device's journal and article files across.

import { copyFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** Copy every journal and article file of `from` to `to`, never `to`'s own journal (what a sync tool does). */
export function copyAll(from: string, to: string, toDevice: string): void {
  const own = `${toDevice}.jsonl`;
  for (const dir of ['journal', 'articles']) {
    for (const name of readdirSync(path.join(from, dir))) {
      if (name === own || name.startsWith('.')) continue;
      copyFileSync(path.join(from, dir, name), path.join(to, dir, name));
    }
  }
}

/** The device id of a data directory opened once: right after the first open the only journal is its own. */
export function ownDevice(dir: string): string {
  const journals = readdirSync(path.join(dir, 'journal')).filter((n) => n.endsWith('.jsonl'));
  if (journals.length !== 1) throw new Error(`${dir}: expected one journal, found ${journals.length}`);
  return journals[0]!.slice(0, -6);
}

/** One page served on 127.0.0.1 at every path (the article both devices save). */
export async function servePage(html: string): Promise<{ base: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
