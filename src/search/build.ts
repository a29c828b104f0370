// Building the on-disk segment from scratch: read every article's text, analyze it, encode,
// write atomically. Runs inside the build worker (see build-worker.ts), or here on the calling
// thread when no worker can be started.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../store/index.js';
import { SegmentBuilder } from './segment.js';

/** An article as the build needs it; the body is read from `<textDir>/<id>.txt`. */
export interface DocMeta {
  id: string;
  hash: string;
  title: string;
  byline: string;
  site: string;
  /** The article's language (BCP 47, from the page or the feed), or null when not known. */
  lang?: string | null;
}

export interface BuildJob {
  textDir: string;
  target: string;
  docs: DocMeta[];
}

export type Progress = (done: number, total: number) => void;

export const PROGRESS_EVERY = 500;

export async function buildSegmentFile(job: BuildJob, progress: Progress): Promise<void> {
  const builder = new SegmentBuilder();
  for (const meta of job.docs) {
    const body = await readText(path.join(job.textDir, `${meta.id}.txt`));
    builder.add({ ...meta, body });
    if (builder.size % PROGRESS_EVERY === 0) progress(builder.size, job.docs.length);
  }
  await fs.mkdir(path.dirname(job.target), { recursive: true });
  await writeFileAtomic(job.target, builder.encode());
  progress(job.docs.length, job.docs.length);
}

/** The text of an article, or '' when its file is missing (it is then found by title only). */
export async function readText(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
