// Tags as a user types them, in the reader's tag field, the save-page dialog and a rule's "add
// tags": one rule for all three. The folding is the archive's (src/tags/normalize.ts: NFC,
// trimmed, inner whitespace one space; the same tag without case), which the renderer may not
// import; what the archive refuses (too long, control characters) it says itself.

/** "AI, ai ,, #ml, machine  learning" -> ["AI", "ml", "machine learning"]: the first spelling kept. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.normalize('NFC').trim().replace(/^#+/, '').trim().replace(/\s+/g, ' ');
    const key = tag.toLocaleLowerCase('und');
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  return tags;
}
