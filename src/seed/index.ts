// The seed entry of a new archive: a Polish news article, imported through the same path a
// user's local file takes. Offered once; deleting it keeps it deleted.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface SeedEntry {
  file: string;
  title: string;
  lang: string;
  tags: string[];
  /** What the article is about, in English (the welcome's label above it). */
  about?: string;
  /** Where it comes from, and when it was published (the label too). */
  source?: string;
  published?: string;
}

export function seedEntry(): SeedEntry {
  const file = fileURLToPath(new URL('./article.txt', import.meta.url));
  const meta = JSON.parse(readFileSync(fileURLToPath(new URL('./seed.json', import.meta.url)), 'utf8')) as Omit<SeedEntry, 'file'>;
  return { file, ...meta };
}
