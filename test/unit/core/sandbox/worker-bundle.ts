// Builds the sandbox worker the way esbuild.mjs does (same entry, same externals) into a temp
// folder with no node_modules above it, so the tests exercise the bundle that ships.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');
const built = new Map<boolean, Promise<string>>();

/**
 * The path of a freshly built dist-like worker (with its QuickJS wasm beside it). `minify` builds
 * it as `npm run package` does (the benchmarks measure what ships); tests use the plain build.
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

async function build(minify: boolean): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-worker-'));
  const outfile = path.join(dir, 'sandbox-worker.js');
  await esbuild.build({
    entryPoints: [path.join(REPO_ROOT, 'src/core/sandbox/worker/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    external: ['vscode', 'typescript', 'coffee-script'],
    minify,
    logLevel: 'error',
  });
  fs.copyFileSync(path.join(REPO_ROOT, 'node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm'), path.join(dir, 'quickjs-release-sync.wasm'));
  return outfile;
}
