// JSON of the library without freezing the process: large maps (articles, tombstones) are
// serialized a slice of entries at a time, yielding to the event loop between slices, so a
// write at 50,000 articles never blocks the app for the whole JSON.stringify. The result is a
// list of chunks that concatenate to the JSON text; they go to disk as they are, never joined
// into one giant string.
//
// A change made while a write is under way may or may not be in that write; the library marks
// itself dirty on every change, so a following write always carries it.

const SLICE = 5000;

export async function serializeLibrary(data: object): Promise<string[]> {
  const chunks: string[] = ['{'];
  let first = true;
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    chunks.push(`${first ? '' : ','}${JSON.stringify(key)}:`);
    first = false;
    if (isLargeMap(value)) await pushMap(chunks, value);
    else chunks.push(JSON.stringify(value));
  }
  chunks.push('}');
  return chunks;
}

function isLargeMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > SLICE;
}

async function pushMap(chunks: string[], map: Record<string, unknown>): Promise<void> {
  const keys = Object.keys(map);
  let empty = true;
  chunks.push('{');
  for (let start = 0; start < keys.length; start += SLICE) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    // One native stringify per slice: far faster than one call per entry.
    const slice = Object.create(null) as Record<string, unknown>;
    for (const key of keys.slice(start, start + SLICE)) slice[key] = map[key];
    const json = JSON.stringify(slice);
    if (json.length > 2) {
      chunks.push(`${empty ? '' : ','}${json.slice(1, -1)}`);
      empty = false;
    }
  }
  chunks.push('}');
}
