// OPML is a list of feeds, not of pages: it is only recognised here and handed whole to the
// archive's importOpml, which already subscribes to feeds.

import { TidingsError } from '../errors.js';
import type { ParsedImport } from './index.js';

export function parseOpmlImport(text: string, name: string): ParsedImport {
  if (!/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<opml[\s>]/i.test(text)) {
    throw new TidingsError('import', name, 'not an OPML file (no <opml> root)', 'invalid');
  }
  return { format: 'opml', items: [], problems: [], opml: text };
}
