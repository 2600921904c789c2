// QuickJS compiled to WebAssembly, loaded the same way by both of Symphony's QuickJS users: the
// Code node's runner (in the editor's extension host or the CLI) and the strict sandbox children.
// QuickJS keeps its heap inside WebAssembly linear memory, so guest code cannot reach the host's
// objects. The WebAssembly is compiled once per process; every instance gets a memory of its own.
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

// The lib settings of this project do not declare WebAssembly; the little used here is typed locally.
const Wasm = (globalThis as unknown as {
  WebAssembly: { compile(bytes: Uint8Array): Promise<object>; Memory: new (d: { initial: number; maximum: number }) => object };
}).WebAssembly;

const WASM_PAGE = 64 * 1024;
/** QuickJS's own data, stack and allocator slack, on top of the code's memory limit. */
const WASM_OVERHEAD_MB = 16;

let compiling: Promise<object> | undefined;

/**
 * QuickJS's WebAssembly, compiled once per process off the main thread. `early` is a compilation
 * already under way (a sandbox child starts one before its bundle loads).
 */
export function compiledQuickJs(early?: Promise<object>): Promise<object> {
  compiling ??= early ?? (async () => {
    const beside = path.join(__dirname, WASM_FILE);
    // Unbundled (tests from source) the file is found in node_modules instead.
    const file = fs.existsSync(beside) ? beside : createRequire(__filename).resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
    return Wasm.compile(fs.readFileSync(file));
  })();
  compiling.catch(() => (compiling = undefined));
  return compiling;
}

/**
 * A QuickJS module of its own, whose linear memory cannot grow past `memoryMb` plus QuickJS's
 * overhead. QuickJS's allocator limit does not count ArrayBuffer storage, so this bound is what
 * stops a typed-array bomb: it fails inside QuickJS as "out of memory" instead of growing the
 * process, and breaks nothing but its own instance.
 */
export async function quickJsModule(memoryMb: number): Promise<QuickJSWASMModule> {
  const pages = Math.ceil(((memoryMb + WASM_OVERHEAD_MB) * 1024 * 1024) / WASM_PAGE);
  const wasmMemory = new Wasm.Memory({ initial: Math.min(256, pages), maximum: Math.max(256, pages) });
  return newQuickJSWASMModuleFromVariant(newVariant(releaseSync, { wasmModule: (await compiledQuickJs()) as never, wasmMemory: wasmMemory as never }));
}
