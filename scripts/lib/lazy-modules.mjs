// Libraries that only one operator uses are built into their own files beside the bundle and
// loaded on first use, so activating the extension never pays for them: the PostgreSQL client
// (db.query with database = postgres) and the QuickJS runner of the Code node (core.code).
import path from 'node:path';

/** Each lazily loaded module: how source code imports it, and the file it ships as in dist/. */
export const LAZY_MODULES = [
  { name: 'pg', filter: /^pg$/, entry: 'pg', file: 'vendor/pg.js' },
  { name: 'code-sandbox', filter: /[\\/]code-sandbox[\\/]quickjs-code-sandbox$/, entry: 'src/core/code-sandbox/quickjs-code-sandbox.ts', file: 'code-sandbox.js' },
];

/**
 * An esbuild plugin for bundles that live in dist/: a dynamic `import()` or an inline `require()`
 * of a lazy module loads its file beside the bundle instead of inlining it. Static imports are
 * left alone, so nothing is loaded early by mistake.
 */
export const lazyModulesPlugin = {
  name: 'lazy-modules',
  setup(build) {
    for (const lazy of LAZY_MODULES) {
      build.onResolve({ filter: lazy.filter }, (args) => (args.kind === 'dynamic-import' || args.kind === 'require-call' ? { path: `./${lazy.file}`, external: true } : undefined));
    }
  },
};

/** esbuild options for each lazy module's own file in `outdir`, given the bundles' Node options. */
export function lazyModuleBundles(nodeOptions, outdir) {
  return LAZY_MODULES.map((lazy) => ({
    name: lazy.name,
    options: { ...nodeOptions, entryPoints: [lazy.entry], outfile: path.join(outdir, lazy.file) },
  }));
}
