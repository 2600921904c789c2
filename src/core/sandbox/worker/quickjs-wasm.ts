// QuickJS's WebAssembly inside a strict child: compiled once per child (off the main thread),
// instantiated afresh for every extension, and warmed up when the child has nothing else to do.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSSyncVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import { QUICKJS_WASM_FILE, type EngineStartOptions } from '../worker-files';
import { QUICKJS_BOOTSTRAP } from './quickjs-bootstrap';
import { instrumentRejections } from './rejection-instrumentation';

// The lib settings of this project do not declare WebAssembly; the little used here is typed locally.
type WasmModule = object;
const WasmApi = (globalThis as unknown as {
  WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule>; Memory: new (d: { initial: number; maximum: number }) => object };
}).WebAssembly;

const WASM_PAGE = 64 * 1024;
/** QuickJS's own data, stack and allocator slack, on top of what the extension may allocate. */
const WASM_OVERHEAD_MB = 16;

let compiled: Promise<WasmModule> | undefined;
/** Set by the first load: from then on a warm-up would only compete with real work. */
let loading = false;

// The variant is assembled from the package's CommonJS files on purpose: its own index loads
// them with import(), which makes bundlers pick the ESM build that needs import.meta.url.
/* eslint-disable @typescript-eslint/no-require-imports */
const releaseSyncVariant: QuickJSSyncVariant = {
  type: 'sync',
  importFFI: async () => require('@jitl/quickjs-wasmfile-release-sync/ffi').QuickJSFFI,
  importModuleLoader: async () => require('@jitl/quickjs-wasmfile-release-sync/emscripten-module'),
} as QuickJSSyncVariant;
/* eslint-enable @typescript-eslint/no-require-imports */

/** Compiles the QuickJS WebAssembly once per child (off the main thread); every extension instantiates it afresh. */
export function wasmModule(): Promise<WasmModule> {
  if (compiled) return compiled;
  const beside = path.join(__dirname, QUICKJS_WASM_FILE);
  // Strict children get --liftoff-only on their command line (see childArguments); this covers
  // QuickJS run from source in tests. The same value set again leaves V8's flags as they were.
  v8.setFlagsFromString('--liftoff-only');
  // Unbundled (tests from source) the file is found in node_modules instead.
  const file = fs.existsSync(beside) ? beside : createRequire(__filename).resolve('@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm');
  compiled = WasmApi.compile(fs.readFileSync(file));
  return compiled;
}

/**
 * A QuickJS module on a WebAssembly memory of its own. QuickJS's allocator limit does not count
 * ArrayBuffer storage, so the memory cannot grow past `memoryMb` (plus QuickJS's own overhead): a
 * typed-array bomb then fails inside QuickJS as "out of memory" instead of growing the whole child.
 */
export async function newQuickJSModule(memoryMb: number): Promise<QuickJSWASMModule> {
  loading = true;
  const pages = Math.ceil(((memoryMb + WASM_OVERHEAD_MB) * 1024 * 1024) / WASM_PAGE);
  const memory = new WasmApi.Memory({ initial: Math.min(256, pages), maximum: Math.max(256, pages) });
  return newQuickJSWASMModuleFromVariant(newVariant(releaseSyncVariant, { wasmModule: (await wasmModule()) as never, wasmMemory: memory as never }));
}

/**
 * Compiles QuickJS's WebAssembly as soon as the child starts, then, if no extension is being
 * loaded by the time it is compiled, warms it up (a prewarmed child is then fully ready). When a
 * load is already waiting, warming a throwaway instance first would only delay it.
 */
export async function prepare(options: EngineStartOptions): Promise<void> {
  // The boot loader started compiling as soon as the child started.
  if (options.wasm) compiled ??= options.wasm;
  await wasmModule();
  // Lets a load request already in the pipe be read first.
  await new Promise((resolve) => setImmediate(resolve));
  if (!loading) await warmUp();
}

/**
 * Compiles QuickJS and runs it once in a throwaway instance: V8 compiles WebAssembly functions
 * lazily, and the first instance of a child otherwise pays for that during activation.
 */
export async function warmUp(): Promise<void> {
  const memory = new WasmApi.Memory({ initial: 256, maximum: 512 });
  const module = await newQuickJSWASMModuleFromVariant(newVariant(releaseSyncVariant, { wasmModule: (await wasmModule()) as never, wasmMemory: memory as never }));
  const runtime = module.newRuntime();
  const context = runtime.newContext();
  const result = context.evalCode(QUICKJS_BOOTSTRAP);
  if ('value' in result && result.value) result.value.dispose();
  else if (result.error) result.error.dispose();
  // The module instrumentation's parser is compiled now too, not during the first activation.
  instrumentRejections('exports.f = async () => { try { await 0; } catch (e) { throw e; } };');
}
