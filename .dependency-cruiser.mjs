// Layers inside src/ (issue 13, item 4), checked by `npm run lint` after eslint.
// eslint already keeps src/ away from electron/ and renderer/ and the renderer on types from
// src/api.ts; this file adds what eslint cannot see: the order of the folders inside src/, one
// public entry per folder, and no cycles. Every rule below says why it exists.
//
//   cli/ server/                      front ends of the engine
//   archive/                          the open archive: the one place that joins the layers below
//   contract/                         argument checks of the one contract (takes the limits below)
//   store/ search/ tags/              what is kept, how it is found, how it is labelled
//   feeds/ extract/                   turning fetched bytes into feeds and articles
//   net/ workers/                     fetching bytes; running work on worker threads
//   model/ errors.ts api.ts api-methods.ts messages/ seed/
//                                     types, constants and leaves that import nothing above them
//
// A folder may import its own layer and any layer below it, never one above it. Imports inside
// one layer are allowed (feeds/ takes image sniffing from extract/, search/ writes through store/)
// as long as they make no cycle.
//
// Type-only imports count (tsPreCompilationDeps: true): a lower layer that names a higher
// layer's type depends on its meaning as much as on its code, and the renderer's view of the
// contract (src/api.ts) must stay at the bottom. The cycle rule alone ignores cycles that
// close only through `import type` (viaOnly below): a cycle is forbidden because ESM evaluates
// its modules in an order where one sees the other's bindings uninitialized, and `import type`
// is erased (verbatimModuleSyntax), so such a cycle cannot do that; its layering is still
// checked by the layer rules.

/** The layers from the bottom up: each a regular expression on the path from the repository. */
const LAYERS = [
  {
    name: 'base',
    // Types and constants (model/, api.ts, api-methods.ts), the error type (errors.ts), the
    // sentences for errors (messages/: no imports, the renderer takes it as it is) and the first
    // run's sample article (seed/: reads its own two files). None of them imports from src/
    // above this layer, and everything above may use them.
    path: '^src/(model/|messages/|seed/|errors\\.ts$|api\\.ts$|api-methods\\.ts$)',
  },
  {
    name: 'net',
    // Fetching (net/) and the worker-thread pool (workers/): generic machinery that knows no
    // feed, article or archive; feeds/ and extract/ run on them.
    path: '^src/(net|workers)/',
  },
  {
    name: 'parse',
    // Feeds (fetch, parse, schedule) and extraction (readable text, sanitizing, images): turn
    // bytes into feed items and articles, without knowing where they are kept.
    path: '^src/(feeds|extract|imports|exports)/',
  },
  {
    name: 'keep',
    // The library on disk (store/), the search index (search/) and tags and rules (tags/):
    // what is kept and how it is found. They do not fetch or parse.
    path: '^src/(store|search|tags|highlights)/',
  },
  {
    name: 'contract',
    // The checks of the one contract's arguments: they take their limits (MAX_OPML_CHARS,
    // MAX_QUERY_LENGTH, MAX_TAG_LENGTH) from feeds/, search/ and tags/, and archive/ and the
    // front ends guard every call with them.
    path: '^src/contract/',
  },
  {
    name: 'archive',
    // The open archive: the one place that joins fetching, parsing, keeping and searching.
    path: '^src/archive/',
  },
  {
    name: 'front',
    // The command line and the HTTP server of browser mode: they open an archive and speak the
    // contract; cli/ starts server/ (`tidings serve`). Nothing in src/ imports them.
    path: '^src/(cli|server)/',
  },
];

/** Every path of src/ that has a layer. */
const PLACED = LAYERS.map((layer) => layer.path);

/** A layer never imports a layer above it: one rule per layer, so a report names the layer. */
const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.name}`,
  severity: 'error',
  comment: `${layer.name} (${layer.path}) imports only its own layer and those below it, never: ` +
    LAYERS.slice(i + 1).map((above) => above.name).join(', '),
  from: { path: layer.path },
  to: { path: LAYERS.slice(i + 1).map((above) => above.path) },
}));

/**
 * Known exceptions, each to be removed by the change it names. A violation listed here is not
 * reported; anything else is.
 */
const KNOWN_EXCEPTIONS = {
  oneEntry: [],
};

/** A rule's `from`/`to` plus pathNot for its known exceptions (from and to matched together). */
function exceptFor(rule, exceptions) {
  // dependency-cruiser matches from and to separately, so an exception is a rule of its own
  // that the main rule leaves out: the main rule skips the exception's source files, and a
  // copy of the rule for those files skips only the exception's target.
  const sources = exceptions.map((e) => e.from);
  const main = { ...rule, from: { ...rule.from, pathNot: [...(rule.from.pathNot ?? []), ...sources] } };
  const copies = exceptions.map((e) => ({
    ...rule,
    from: { ...rule.from, path: e.from },
    to: { ...rule.to, pathNot: [...(rule.to.pathNot ?? []), e.to] },
  }));
  return [main, ...copies];
}

export default {
  forbidden: [
    ...layerRules,
    {
      name: 'layer-unplaced',
      severity: 'error',
      comment: 'Every folder and top-level file of src/ has a layer above: place a new one in LAYERS in .dependency-cruiser.mjs.',
      from: { path: '^src/', pathNot: PLACED },
      to: {},
    },
    ...exceptFor({
      name: 'one-entry-per-module',
      severity: 'error',
      comment:
        'A folder of src/ is used from another folder only through its index.ts, so what it exports is ' +
        'one list and its other files may change freely. (Worker entries - extract/worker.ts, ' +
        'feeds/parse-worker.ts, search/build-worker.ts - are loaded by path with new URL() from their own ' +
        'folder only; dependency-cruiser does not see new URL(), so they need no exception.)',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    }, KNOWN_EXCEPTIONS.oneEntry),
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'No import cycle in src/: ESM evaluates a cycle in an order where one module sees the other\'s ' +
        'bindings uninitialized, and a cycle is two modules that can only be understood together. ' +
        'Cycles closed only by `import type` are erased at run time and left to the layer rules.',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'src-not-front-ends',
      severity: 'error',
      comment: 'src/ is the engine, run in plain Node by the command line and the server: it never imports electron/, renderer/ or the electron package (eslint checks the same; kept in both).',
      from: { path: '^src/' },
      to: { path: ['^electron/', '^renderer/', '(^|/)node_modules/electron/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^node_modules/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // A cache keyed on the sources keeps `npm run lint` quick when little has changed.
    cache: { folder: 'node_modules/.cache/dependency-cruiser', strategy: 'content' },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
