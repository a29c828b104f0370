import type { ExportSource, Written } from './source.js';
export async function writeMarkdown(out: string, source: ExportSource): Promise<Written> {
  void source;
  throw new Error(`${out}: markdown not built yet`);
}
