// Tag names: trimmed, inner whitespace folded, NFC-normalized; two tags are the same tag when
// they compare equal without case. The first spelling a user gave is the one kept.

import { TidingsError } from '../errors.js';
import { tagKey } from '../model/index.js';

// tagKey is the model's (src/model/identity.ts): search/ needs it too, and search/ is below tags/.
export { tagKey };

export const MAX_TAG_LENGTH = 64;

export function normalizeTag(raw: string): string {
  const tag = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (tag === '') throw new TidingsError('tags', JSON.stringify(raw), 'a tag cannot be empty', 'invalid');
  if (tag.length > MAX_TAG_LENGTH) throw new TidingsError('tags', tag.slice(0, 20) + '…', `a tag is at most ${MAX_TAG_LENGTH} characters`, 'invalid');
  if (/[\u0000-\u001f]/.test(tag)) throw new TidingsError('tags', JSON.stringify(tag), 'a tag cannot hold control characters', 'invalid');
  return tag;
}

/** `tags` with `add` added (no duplicates without case); returns null when nothing changes. */
export function withTags(tags: readonly string[], add: readonly string[]): string[] | null {
  const keys = new Set(tags.map(tagKey));
  const out = [...tags];
  for (const tag of add) {
    if (!keys.has(tagKey(tag))) {
      keys.add(tagKey(tag));
      out.push(tag);
    }
  }
  return out.length === tags.length ? null : out;
}

/** `tags` with `remove` taken away (without case); returns null when nothing changes. */
export function withoutTags(tags: readonly string[], remove: readonly string[]): string[] | null {
  const keys = new Set(remove.map(tagKey));
  const out = tags.filter((t) => !keys.has(tagKey(t)));
  return out.length === tags.length ? null : out;
}
