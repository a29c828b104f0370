// The one line that says what an OPML import did: added, already there, repeated, unusable.

import type { OpmlImportResult } from '../../../src/api.js';

export function opmlCounts(result: OpmlImportResult): string {
  const parts = [`${plural(result.added, 'feed')} added`, `${result.existing} already there`];
  if (result.duplicates) parts.push(`${result.duplicates} repeated in the file`);
  if (result.invalid) parts.push(`${result.invalid} without a usable address`);
  parts.push(plural(result.folders, 'folder'));
  return parts.join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
