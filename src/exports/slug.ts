// File names from titles that every file system takes (Windows, macOS, Linux): no characters
// Windows forbids, no control characters, no reserved device names, no trailing dot or space,
// at most 100 characters and 200 bytes, unique without regard to case (macOS and Windows fold it).

const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f]+/g;
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const MAX_CHARS = 100;
const MAX_BYTES = 200;

/** A safe base name (no extension) for `title`; never empty. */
export function slugOf(title: string, max = MAX_CHARS): string {
  let slug = title.normalize('NFC').replace(FORBIDDEN, ' ').replace(/\s+/g, '-').replace(/-{2,}/g, '-');
  slug = cut(slug, max).replace(/^[-.\s]+|[-.\s]+$/g, '');
  if (slug === '') slug = 'untitled';
  if (RESERVED.test(slug)) slug = `${slug}-`;
  return slug;
}

/** At most `max` characters (whole code points) and MAX_BYTES bytes of UTF-8. */
function cut(text: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const c of text) {
    const size = Buffer.byteLength(c);
    if (out.length + c.length > max || bytes + size > MAX_BYTES) break;
    out += c;
    bytes += size;
  }
  return out;
}

/** Hands out slugs unique without regard to case: `a`, `a-2`, `a-3`. */
export class Slugs {
  private readonly taken = new Set<string>();

  take(title: string): string {
    const base = slugOf(title);
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? '' : `-${n}`;
      const slug = n === 1 ? base : `${slugOf(base, MAX_CHARS - suffix.length)}${suffix}`;
      if (this.taken.has(slug.toLowerCase())) continue;
      this.taken.add(slug.toLowerCase());
      return slug;
    }
  }
}
