// Loads QuickJS (compiled to WebAssembly) for Code nodes, in whatever process runs the melody:
// the editor's extension host or the CLI. QuickJS keeps its heap inside WebAssembly linear
// memory, so guest code cannot reach the host's objects; nothing here needs a child process.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSSyncVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';

/** The name the build gives QuickJS's WebAssembly file next to the bundles (see esbuild.mjs). */
const WASM_FILE = 'quickjs-release-sync.wasm';

// Assembled from the package's CommonJS files: its own index loads them with import(), which
// makes bundlers pick the ESM build that needs import.meta.url.
/* eslint-disable @typescript-eslint/no-require-imports */
const releaseSync: QuickJSSyncVariant = {
  type: 'sync',
  importFFI: async () => require('@jitl/quickjs-wasmfile-release-sync/ffi').QuickJSFFI,
  importModuleLoader: async () => require('@jitl/quickjs-wasmfile-release-sync/emscripten-module'),
} as QuickJSSyncVariant;
/* eslint-enable @typescript-eslint/no-require-imports */

const Wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<object> } }).WebAssembly;

let loading: Promise<QuickJSWASMModule> | undefined;

/** The QuickJS module, compiled once per process; every Code run gets a fresh runtime from it. */
export function quickJsModule(): Promise<QuickJSWASMModule> {
  loading ??= (async () => {
    const beside = path.join(__dirname, WASM_FILE);
    // Unbundled (tests from source) the file is found in node_modules instead.
    const file = fs.existsSync(beside) ? beside : createRequire(__filename).resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
    const wasmModule = await Wasm.compile(fs.readFileSync(file));
    return newQuickJSWASMModuleFromVariant(newVariant(releaseSync, { wasmModule: wasmModule as never }));
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}

/** Forgets the module (after QuickJS aborted); the next run compiles a new instance. */
export function discardQuickJsModule(): void {
  loading = undefined;
}
