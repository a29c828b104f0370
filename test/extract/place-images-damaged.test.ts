// placeImages (src/extract/image-slots.ts) takes its places from an article record, which may
// come from another device's journal or a hand edit: places that do not fit the HTML change nothing.

import { describe, expect, it } from 'vitest';
import { fillRemote, placeImages } from '../../src/extract/image-slots.js';

const URL_A = 'https://img.example/a.png?x=1&y=2';
const local = new Map([[URL_A, 'tidings-asset:aa.png']]);
const never = () => false;

function stored() {
  return fillRemote('<p>x</p><img src="tidings-slot-n-0" alt="a"><p>quote: &lt;img src="https://img.example/a.png?x=1&amp;y=2"&gt;</p>', { nonce: 'n', urls: [URL_A] });
}

describe('placeImages with damaged places', () => {
  it('puts a copy in place by its offset, escaped, and leaves quoted text alone', () => {
    const s = stored();
    const out = placeImages(s.html, s, local, never)!;
    expect(out.html).toBe('<p>x</p><img src="tidings-asset:aa.png" alt="a"><p>quote: &lt;img src="https://img.example/a.png?x=1&amp;y=2"&gt;</p>');
  });

  it('changes nothing when there are more URLs than places, or fewer', () => {
    const s = stored();
    expect(placeImages(s.html, { at: s.at, urls: [URL_A, URL_A] }, local, never)).toBeNull();
    expect(placeImages(s.html, { at: [...s.at, 5], urls: s.urls }, local, never)).toBeNull();
    expect(placeImages(s.html, { at: [], urls: [URL_A] }, local, never)).toBeNull();
  });

  it('changes nothing when a place points past the end, off its URL, or before the one ahead of it', () => {
    const s = stored();
    expect(placeImages(s.html, { at: [s.html.length + 10, s.at[1]!], urls: s.urls }, local, never)).toBeNull();
    expect(placeImages(s.html, { at: [s.at[0]! + 1, s.at[1]!], urls: s.urls }, local, never)).toBeNull();
    expect(placeImages(s.html, { at: [s.at[0]!, s.at[1]!, 2, 3], urls: [URL_A, URL_A] }, local, never)).toBeNull();
  });

  it('changes nothing in empty HTML', () => {
    const s = stored();
    expect(placeImages('', s, local, never)).toBeNull();
  });
});
