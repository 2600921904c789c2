// Builds the sandbox worker the way esbuild.mjs does (same entry, same externals) into a temp
// folder with no node_modules above it, so the tests exercise the bundle that ships.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');
let built: Promise<string> | undefined;

/** The path of a freshly built dist-like worker (with its QuickJS wasm beside it). */
export function buildWorker(): Promise<string> {
  built ??= (async () => {
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
      logLevel: 'error',
    });
    fs.copyFileSync(path.join(REPO_ROOT, 'node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm'), path.join(dir, 'quickjs-release-sync.wasm'));
    return outfile;
  })();
  return built;
}
