// Writing articles out: Tidings' archive (zip), Markdown for notes apps, EPUB 3, Netscape
// bookmarks. Takes plain records and a way to read their files; knows no open archive.

export {};
