// An EPUB 3 book of the selected articles: one XHTML chapter each (our HTML parsed and written
// back by a DOM's XML serializer, so it is well-formed by construction), their images inside the
// book, a table of contents as nav.xhtml and toc.ncx (for older readers), `mimetype` first and
// stored. Checked with epubcheck in test/exports/epub.test.ts.

import { randomUUID } from 'node:crypto';
import type { JSDOM } from 'jsdom';
import type { ArticleRecord } from '../model/index.js';
import { mendContentModels } from './epub-content.js';
import { type ExportSource, type Written, assetsOf } from './source.js';
import { ZipFileWriter } from './zip-writer.js';

/** Image types every EPUB 3 reader must show (core media types); others become their alt text. */
const MEDIA_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif' };
const XHTML = 'http://www.w3.org/1999/xhtml';

export async function writeEpub(out: string, source: ExportSource, query: string | null): Promise<Written> {
  const zip = await ZipFileWriter.create(out);
  const chapterWriter = await ChapterWriter.create();
  try {
    // The OCF rule: `mimetype` is the first entry, stored, with no extra field.
    await zip.add('mimetype', 'application/epub+zip', false);
    await zip.add('META-INF/container.xml', CONTAINER, true);
    const chapters: Chapter[] = [];
    const images = new Map<string, string>();
    const total = source.articles.length;
    for (const [i, article] of source.articles.entries()) {
      const html = await source.readHtml(article.id);
      const usable = new Set(assetsOf(article, html).filter((name) => MEDIA_TYPES[extOf(name)] && source.assetPath(name)));
      for (const name of usable) images.set(name, source.assetPath(name)!);
      const chapter: Chapter = { file: `a${String(i + 1).padStart(5, '0')}.xhtml`, title: article.title || article.url || 'Untitled', article };
      await zip.add(`OEBPS/${chapter.file}`, chapterWriter.write(chapter, html, usable), true);
      chapters.push(chapter);
      source.progress(i + 1, total);
    }
    for (const [name, file] of images) await zip.addFile(`OEBPS/images/${name}`, file, false);
    const title = query ? `Tidings: ${query}` : 'Tidings';
    const id = `urn:uuid:${randomUUID()}`;
    await zip.add('OEBPS/nav.xhtml', navXhtml(title, chapters), true);
    await zip.add('OEBPS/toc.ncx', tocNcx(id, title, chapters), true);
    await zip.add('OEBPS/content.opf', packageOpf(id, title, chapters, [...images.keys()]), true);
    const bytes = await zip.finish();
    return { path: out, articles: total, assets: images.size, bytes };
  } catch (error) {
    await zip.abort();
    throw error;
  } finally {
    chapterWriter.close();
  }
}

interface Chapter {
  file: string;
  title: string;
  article: ArticleRecord;
}

const CONTAINER = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;

function extOf(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1).toLowerCase();
}

/**
 * Articles as XHTML documents: each its title, where it came from, its HTML made fit for EPUB,
 * serialized as XML. One DOM window for the whole book (a window per chapter cost 50 ms each).
 */
export class ChapterWriter {
  private constructor(private readonly dom: JSDOM) {}

  /**
   * jsdom is loaded only when a book is written: imported at the top, it loaded with every
   * command of the command line (and in a bundle it cannot find its own stylesheet).
   */
  static async create(): Promise<ChapterWriter> {
    const { JSDOM } = await import('jsdom');
    return new ChapterWriter(new JSDOM('<!DOCTYPE html><html><head><meta charset="utf-8"/><title></title></head><body></body></html>'));
  }

  write(chapter: Chapter, html: string, images: ReadonlySet<string>): string {
    const { document } = this.dom.window;
    const root = document.documentElement;
    const lang = chapter.article.lang && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(chapter.article.lang) ? chapter.article.lang : null;
    if (lang) {
      root.setAttribute('lang', lang);
      root.setAttribute('xml:lang', lang);
    } else {
      root.removeAttribute('lang');
      root.removeAttribute('xml:lang');
    }
    document.title = chapter.title;
    document.body.replaceChildren();
    const h1 = document.createElement('h1');
    h1.textContent = chapter.title;
    document.body.append(h1);
    const url = chapter.article.url;
    if (url && /^https?:\/\//i.test(url)) {
      const p = document.createElement('p');
      const a = document.createElement('a');
      a.href = url;
      a.textContent = chapter.article.siteName ?? new URL(url).host;
      p.append(a);
      document.body.append(p);
    }
    const content = document.createElement('div');
    content.innerHTML = html;
    fitForEpub(content, images);
    document.body.append(content);
    const xml = new this.dom.window.XMLSerializer().serializeToString(document);
    // The serializer writes characters XML 1.0 forbids as they are (a control character in a title): left out.
    return `<?xml version="1.0" encoding="UTF-8"?>\n${withoutForbidden(xml).replace(/^<!DOCTYPE html>/i, '<!DOCTYPE html>\n')}\n`;
  }

  close(): void {
    this.dom.window.close();
  }
}

/**
 * What a browser forgives and an EPUB validator does not: images outside the book (a remote
 * one is not allowed, one of a type readers need not show), links to fragments whose ids the
 * sanitizer removed, sizes that are not numbers, elements allowed once or in one place only.
 */
function fitForEpub(root: Element, images: ReadonlySet<string>): void {
  for (const img of [...root.querySelectorAll('img')]) {
    const name = /^tidings-asset:(.+)$/.exec(img.getAttribute('src') ?? '')?.[1];
    if (name && images.has(name)) {
      img.setAttribute('src', `images/${name}`);
      img.removeAttribute('srcset');
      if (!img.hasAttribute('alt')) img.setAttribute('alt', '');
    } else img.replaceWith(root.ownerDocument.createTextNode(img.getAttribute('alt') ?? ''));
  }
  for (const a of [...root.querySelectorAll('a[href]')]) if (!/^(https?:|mailto:)/i.test(a.getAttribute('href') ?? '')) a.removeAttribute('href');
  for (const el of [...root.querySelectorAll('[width], [height], [colspan], [rowspan], [start]')]) {
    for (const attr of ['width', 'height', 'colspan', 'rowspan', 'start']) {
      const value = el.getAttribute(attr);
      if (value !== null && !/^[1-9][0-9]{0,5}$/.test(value)) el.removeAttribute(attr);
    }
  }
  for (const el of [...root.querySelectorAll('[headers], [datetime], [cite]')]) ['headers', 'datetime', 'cite'].forEach((attr) => el.removeAttribute(attr));
  for (const el of [...root.querySelectorAll('[lang]')]) if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(el.getAttribute('lang') ?? '')) el.removeAttribute('lang');
  mendContentModels(root);
  for (const tag of ['main', 'details', 'summary']) {
    for (const el of [...root.querySelectorAll(tag)]) {
      const div = root.ownerDocument.createElementNS(XHTML, tag === 'summary' ? 'p' : 'div');
      div.append(...el.childNodes);
      el.replaceWith(div);
    }
  }
}

function escapeXml(text: string): string {
  return withoutForbidden(text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!));
}

/** Without the characters XML 1.0 does not allow at all (a title may carry them). */
function withoutForbidden(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

function navXhtml(title: string, chapters: readonly Chapter[]): string {
  const items = chapters.length > 0
    ? chapters.map((c) => `      <li><a href="${c.file}">${escapeXml(c.title)}</a></li>`).join('\n')
    : '      <li><a href="nav.xhtml">No articles</a></li>';
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><meta charset="utf-8"/><title>${escapeXml(title)}</title></head>
<body>
  <nav epub:type="toc" id="toc">
    <h1>${escapeXml(title)}</h1>
    <ol>
${items}
    </ol>
  </nav>
</body>
</html>
`;
}

function tocNcx(id: string, title: string, chapters: readonly Chapter[]): string {
  const points = chapters.map((c, i) => `    <navPoint id="p${i + 1}" playOrder="${i + 1}"><navLabel><text>${escapeXml(c.title)}</text></navLabel><content src="${c.file}"/></navPoint>`);
  if (points.length === 0) points.push('    <navPoint id="p1" playOrder="1"><navLabel><text>No articles</text></navLabel><content src="nav.xhtml"/></navPoint>');
  return `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
  <head><meta name="dtb:uid" content="${id}"/><meta name="dtb:depth" content="1"/><meta name="dtb:totalPageCount" content="0"/><meta name="dtb:maxPageNumber" content="0"/></head>
  <docTitle><text>${escapeXml(title)}</text></docTitle>
  <navMap>
${points.join('\n')}
  </navMap>
</ncx>
`;
}

function packageOpf(id: string, title: string, chapters: readonly Chapter[], images: readonly string[]): string {
  const modified = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const lang = chapters.find((c) => c.article.lang && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(c.article.lang))?.article.lang ?? 'en';
  const manifest = [
    '    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
    '    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>',
    ...chapters.map((c, i) => `    <item id="c${i + 1}" href="${c.file}" media-type="application/xhtml+xml"/>`),
    ...images.map((name, i) => `    <item id="i${i + 1}" href="images/${name}" media-type="${MEDIA_TYPES[extOf(name)]}"/>`),
  ];
  const spine = chapters.length > 0 ? chapters.map((_, i) => `    <itemref idref="c${i + 1}"/>`) : ['    <itemref idref="nav"/>'];
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="bookid" xml:lang="${lang}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="bookid">${id}</dc:identifier>
    <dc:title>${escapeXml(title)}</dc:title>
    <dc:language>${lang}</dc:language>
    <dc:creator>Tidings</dc:creator>
    <meta property="dcterms:modified">${modified}</meta>
  </metadata>
  <manifest>
${manifest.join('\n')}
  </manifest>
  <spine toc="ncx">
${spine.join('\n')}
  </spine>
</package>
`;
}
