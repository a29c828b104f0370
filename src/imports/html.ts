// HTML exports (Pocket's ril_export.html, Netscape bookmark files) parsed with linkedom: a real
// HTML parser, so entities are decoded and odd nesting is resolved the way browsers do. Nothing
// here runs scripts or keeps markup: only attributes and text are read.

import { parseHTML } from 'linkedom';

/** The parsed document (typed loosely: linkedom implements the DOM, not lib.dom's types). */
export function parseHtmlDocument(html: string): Document {
  const { document } = parseHTML(html);
  return document as unknown as Document;
}

/**
 * An attribute by name, in any case: linkedom keeps the case the file wrote (`HREF`, `ADD_DATE`),
 * where browsers' parsers lower-case it.
 */
export function attribute(element: Element, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const attr of Array.from(element.attributes)) if (attr.name.toLowerCase() === wanted) return attr.value;
  return null;
}
