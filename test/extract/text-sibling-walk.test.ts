// htmlToText walks the tree by siblings and parents (no childNodes lists, no stack of its own):
// the same text as before for every shape of tree, and no stack overflow on a hostile depth.

import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/extract/text.js';

const doc = new JSDOM('').window.document;
const body = (html: string): HTMLElement => {
  const el = doc.createElement('body');
  el.innerHTML = html;
  return el;
};

describe('htmlToText by a sibling walk', () => {
  it.each([
    ['<p>a</p>', 'a'],
    ['<pre>a\nb<b>c\nd</b></pre>x', 'a\nbc\nd\n\nx'],
    ['a<br>b<br><br>c', 'a\nb\n\nc'],
    ['<ul><li>one</li><li>two<ul><li>three</li></ul></li></ul>after', 'one\n\ntwo\n\nthree\n\nafter'],
    ['<div><script>no</script><style>no</style>yes<template>no</template></div>', 'yes'],
    ['<p></p><p> </p><div><pre></pre>z</div>', 'z'],
    ['<!-- c -->t<noscript>n</noscript>', 't'],
    ['<table><tr><td>a</td><td>b</td></tr></table>', 'a\n\nb'],
  ])('%j gives %j', (html, text) => {
    expect(htmlToText(body(html))).toBe(text);
  });

  it('reads a root that is a <pre>, a text node or an empty element', () => {
    const pre = doc.createElement('pre');
    pre.textContent = 'x\ny';
    expect(htmlToText(pre)).toBe('x\ny');
    expect(htmlToText(doc.createTextNode('only text'))).toBe('only text');
    expect(htmlToText(doc.createElement('div'))).toBe('');
  });

  it('reads 50,000 nested elements without overflowing the stack', () => {
    // Built from the inside out: appending under a deep node checks all its ancestors.
    let node: Element = doc.createElement('div');
    node.textContent = 'deep';
    for (let i = 0; i < 50_000; i++) {
      const parent = doc.createElement(i % 2 ? 'span' : 'div');
      parent.appendChild(node);
      node = parent;
    }
    node.appendChild(doc.createTextNode('after'));
    expect(htmlToText(node)).toBe('deep\n\nafter');
  }, 60_000);
});
