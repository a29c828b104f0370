// Atomic file replacement: unique temp file, fsync, rename, fsync of the folder.
// After a crash the target holds either the old or the new content, never a mix.

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** `data` may be a list of chunks, written in order (a large text never joined in memory). */
export async function writeFileAtomic(target: string, data: string | Uint8Array | readonly string[]): Promise<void> {
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'w', 0o644);
  try {
    if (Array.isArray(data)) {
      for (const chunk of data as readonly string[]) await handle.write(chunk);
    } else {
      await handle.writeFile(data as string | Uint8Array);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, target);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

/** fsync a folder so a rename or a new name in it survives a power cut. No-op where unsupported. */
export async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a folder for fsync; its rename is already durable enough there.
  } finally {
    await handle?.close();
  }
}

/** Remove temp files that a killed process left behind. */
export async function removeStaleTemps(dir: string): Promise<void> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names.filter((n) => n.startsWith('.') && n.endsWith('.tmp')).map((n) => fs.rm(path.join(dir, n), { force: true })),
  );
}
