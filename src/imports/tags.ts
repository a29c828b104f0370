// Tags as a file lists them: split on the format's separator, trimmed, empty ones left out.
// Normalizing (case, spaces) is the archive's job, so the file's spelling is kept here.

/** Tags in `text` separated by `separator`. */
export function splitTags(text: string | null | undefined, separator: string | RegExp): string[] {
  if (!text) return [];
  return cleanTags(text.split(separator));
}

/** Trimmed, empty and non-string values dropped, first spelling of each kept once. */
export function cleanTags(values: readonly unknown[]): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const tag = value.trim();
    if (!tag || seen.has(tag)) continue;
    seen.add(tag);
    tags.push(tag);
  }
  return tags;
}
