// Builds every bundle Symphony ships: the extension host, the CLI, child-process workers and one
// browser bundle per webview. `--production` minifies; `--watch` rebuilds on change; `--tests`
// also bundles the integration tests that run inside a real VS Code.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { lazyModuleBundles, lazyModulesPlugin } from './scripts/lib/lazy-modules.mjs';
import { sandboxWorkerBundles } from './scripts/lib/sandbox-worker-bundles.mjs';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const withTests = args.has('--tests') || watch;
const outdir = 'dist';

const common = {
  bundle: true,
  sourcemap: production ? 'linked' : 'inline',
  minify: production,
  logLevel: 'warning',
  metafile: true,
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
};

/**
 * zod ships error messages in ~50 languages (about 250 KB minified); Symphony's messages are
 * English, so every bundle keeps only that locale.
 */
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};
common.plugins = [englishOnlyZod, lazyModulesPlugin];

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] };
const browser = { ...common, platform: 'browser', format: 'iife', target: 'es2022', loader: { '.ttf': 'file', '.woff2': 'file' } };

/** Every bundle, by name. Add a webview or a worker here and it is built, watched and measured. */
export const bundles = [
  { name: 'extension', options: { ...node, entryPoints: ['src/host/extension.ts'], outfile: `${outdir}/extension.js` } },
  { name: 'cli', options: { ...node, entryPoints: ['src/cli/main.ts'], outfile: `${outdir}/cli.js`, banner: { js: '#!/usr/bin/env node' } } },
  ...sandboxWorkerBundles(node, outdir),
  { name: 'board', options: { ...browser, entryPoints: ['webviews/board/main.tsx'], outfile: `${outdir}/webviews/board.js` } },
  { name: 'board-layout', options: { ...browser, entryPoints: ['webviews/board/layout-entry.ts'], outfile: `${outdir}/webviews/board-layout.js` } },
  ...lazyModuleBundles(node, outdir),
];

if (withTests) {
  bundles.push({
    name: 'integration-tests',
    options: {
      ...node,
      sourcemap: 'inline',
      minify: false,
      entryPoints: ['test/integration/index.ts'],
      outfile: 'out/test/integration/index.js',
      external: ['vscode', 'mocha'],
    },
  });
}

function formatSize(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

function report(name, result) {
  for (const [file, info] of Object.entries(result.metafile?.outputs ?? {})) {
    if (file.endsWith('.map')) continue;
    console.log(`  ${name.padEnd(18)} ${file.padEnd(44)} ${formatSize(info.bytes)}`);
  }
}

/** Files that bundles load at run time and esbuild cannot inline (WebAssembly, sandbox scripts). */
function copyRuntimeAssets() {
  const assets = [
    ['node_modules/@vscode/codicons/dist/codicon.css', `${outdir}/webviews/codicon.css`],
    ['node_modules/@vscode/codicons/dist/codicon.ttf', `${outdir}/webviews/codicon.ttf`],
    ['node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm', `${outdir}/quickjs-release-sync.wasm`],
    // SQLite as WebAssembly for db.query, loaded on first use instead of bundled into the host.
    ['node_modules/sql.js/dist/sql-wasm.js', `${outdir}/vendor/sql-wasm.js`],
    ['node_modules/sql.js/dist/sql-wasm.wasm', `${outdir}/vendor/sql-wasm.wasm`],
  ];
  for (const [from, to] of assets) {
    if (!fs.existsSync(from)) continue;
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
}

const started = Date.now();
fs.mkdirSync(outdir, { recursive: true });
copyRuntimeAssets();
if (watch) {
  for (const { name, options } of bundles) {
    const ctx = await esbuild.context({
      ...options,
      plugins: [...(options.plugins ?? []), { name: 'report', setup: (b) => b.onEnd((r) => { if (!r.errors.length) report(name, r); }) }],
    });
    await ctx.watch();
  }
  console.log('watching for changes…');
} else {
  console.log(`building ${production ? 'production' : 'development'} bundles`);
  const results = await Promise.all(bundles.map(async ({ name, options }) => [name, await esbuild.build(options)]));
  for (const [name, result] of results) report(name, result);
  console.log(`done in ${Date.now() - started} ms`);
}
