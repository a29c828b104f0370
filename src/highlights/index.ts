// Highlights: where a quoted passage is in an article's text (W3C Web Annotation selectors).
export { anchorAt, anchorQuote, CONTEXT_CHARS, newHighlightId } from './anchor.js';
export type { Anchor, AnchorHint } from './anchor.js';
