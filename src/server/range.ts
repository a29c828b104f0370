// HTTP byte ranges (RFC 9110 §14) for archived files: a podcast player seeks by asking for
// `Range: bytes=START-END`. One range only (players ask for one); anything else is answered with
// the whole file, as the RFC allows, and a range that starts past the end is 416.

export type ByteRange = { start: number; end: number };

/** The range a `Range` header asks of a file of `size` bytes: null (send it all) or 'unsatisfiable'. */
export function byteRange(header: string | null | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [first, last] = [match[1]!, match[2]!];
  // Digits beyond what a file can have are no range we can read: send the whole file.
  if (first.length > 15 || last.length > 15) return null;
  if (first === '') {
    const suffix = Number(last); // "bytes=-500": the last 500 bytes
    if (suffix === 0) return 'unsatisfiable';
    return size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}

/** Headers of a 206 answer for `range` of a file of `size` bytes. */
export function partialHeaders(range: ByteRange, size: number): Record<string, string> {
  return { 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': String(range.end - range.start + 1) };
}
