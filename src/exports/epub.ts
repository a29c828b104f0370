import type { ExportSource, Written } from './source.js';
export async function writeEpub(out: string, source: ExportSource, query: string | null): Promise<Written> {
  void source; void query;
  throw new Error(`${out}: epub not built yet`);
}
