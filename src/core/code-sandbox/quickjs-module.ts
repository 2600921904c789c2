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

const Wasm = (globalThis as unknown as {
  WebAssembly: { compile(bytes: Uint8Array): Promise<object>; Memory: new (d: { initial: number; maximum: number }) => object };
}).WebAssembly;

const WASM_PAGE = 64 * 1024;
/** QuickJS's own data, stack and allocator slack, on top of the code's memory limit. */
const WASM_OVERHEAD_MB = 16;

let compiling: Promise<object> | undefined;

function compiledWasm(): Promise<object> {
  compiling ??= (async () => {
    const beside = path.join(__dirname, WASM_FILE);
    // Unbundled (tests from source) the file is found in node_modules instead.
    const file = fs.existsSync(beside) ? beside : createRequire(__filename).resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
    return Wasm.compile(fs.readFileSync(file));
  })();
  compiling.catch(() => (compiling = undefined));
  return compiling;
}

/**
 * A QuickJS instance of its own for one Code run: the WebAssembly is compiled once per process,
 * and each run gets a fresh instance whose linear memory cannot grow past `memoryMb` plus
 * QuickJS's overhead. QuickJS's allocator limit does not count ArrayBuffer storage, so this
 * bound is what stops a typed-array bomb; a run that breaks its instance breaks nothing else.
 */
export async function quickJsModule(memoryMb: number): Promise<QuickJSWASMModule> {
  const pages = Math.ceil(((memoryMb + WASM_OVERHEAD_MB) * 1024 * 1024) / WASM_PAGE);
  const wasmMemory = new Wasm.Memory({ initial: Math.min(256, pages), maximum: Math.max(256, pages) });
  return newQuickJSWASMModuleFromVariant(newVariant(releaseSync, { wasmModule: (await compiledWasm()) as never, wasmMemory: wasmMemory as never }));
}
