// Writing articles out: Tidings' archive (zip), Markdown for notes apps, EPUB 3, Netscape
// bookmarks. Takes plain records and a way to read their files; knows no open archive.

export { type ExportSource, type Written, assetsOf } from './source.js';
export { writeArchive, ARCHIVE_FORMAT, ARCHIVE_VERSION, type ArchiveManifest } from './archive.js';
export { writeBookmarks, bookmarksHtml } from './bookmarks.js';
export { writeMarkdown } from './markdown.js';
export { writeEpub } from './epub.js';
export { writeExportFile } from './atomic-file.js';
export { ZipReader, type ZipEntry } from './zip-reader.js';
