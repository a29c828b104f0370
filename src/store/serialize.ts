// JSON of the library without freezing the process: large maps (articles, tombstones) are
// serialized a slice of entries at a time, yielding to the event loop between slices, so a
// write at 50,000 articles never blocks the app for the whole JSON.stringify.
//
// A change made while a write is under way may or may not be in that write; the library marks
// itself dirty on every change, so a following write always carries it.

const SLICE = 2000;

export async function serializeLibrary(data: object): Promise<string> {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${isLargeMap(value) ? await serializeMap(value) : JSON.stringify(value)}`);
  }
  return `{${parts.join(',')}}`;
}

function isLargeMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > SLICE;
}

async function serializeMap(map: Record<string, unknown>): Promise<string> {
  const keys = Object.keys(map);
  const parts: string[] = [];
  for (let start = 0; start < keys.length; start += SLICE) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const key of keys.slice(start, start + SLICE)) {
      const value = map[key];
      if (value !== undefined) parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
    }
  }
  return `{${parts.join(',')}}`;
}
