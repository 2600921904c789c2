// Builds the sandbox worker the way esbuild.mjs does (same entries, same externals) into a temp
// folder with no node_modules above it, so the tests exercise the bundles that ship.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SANDBOX_WORKER_BUNDLES, SANDBOX_WORKER_EXTERNALS } from '../../../../scripts/lib/sandbox-worker-bundles.mjs';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');
const built = new Map<boolean, Promise<string>>();

/** Every file the worker needs beside its boot loader: the engine bundles and QuickJS's WebAssembly. */
export const WORKER_FILES: readonly string[] = [...SANDBOX_WORKER_BUNDLES.map((b) => b.file), 'quickjs-release-sync.wasm'];

/**
 * The path of a freshly built dist-like worker boot loader (with its engine bundles and QuickJS
 * wasm beside it). `minify` builds it as `npm run package` does (the benchmarks measure what
 * ships); tests use the plain build.
 */
export function buildWorker(options: { minify?: boolean } = {}): Promise<string> {
  const minify = options.minify === true;
  let worker = built.get(minify);
  if (!worker) {
    worker = build(minify);
    built.set(minify, worker);
  }
  return worker;
}

/** Copies a built worker (every file of it) into `dir`, as a dist/ folder would hold it. */
export async function copyWorker(dir: string, options: { minify?: boolean } = {}): Promise<string> {
  const from = path.dirname(await buildWorker(options));
  for (const f of WORKER_FILES) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  return path.join(dir, SANDBOX_WORKER_BUNDLES[0]!.file);
}

async function build(minify: boolean): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-worker-'));
  await Promise.all(
    SANDBOX_WORKER_BUNDLES.map((b) =>
      esbuild.build({
        entryPoints: [path.join(REPO_ROOT, b.entry)],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        outfile: path.join(dir, b.file),
        external: [...SANDBOX_WORKER_EXTERNALS],
        minify,
        logLevel: 'error',
      }),
    ),
  );
  fs.copyFileSync(path.join(REPO_ROOT, 'node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm'), path.join(dir, 'quickjs-release-sync.wasm'));
  return path.join(dir, SANDBOX_WORKER_BUNDLES[0]!.file);
}
