// QuickJS's WebAssembly inside a strict child: compiled once per child (off the main thread),
// instantiated afresh for every extension, and warmed up when the child has nothing else to do.
import * as v8 from 'node:v8';
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import { compiledQuickJs, quickJsModule } from '../../base/quickjs-module';
import type { EngineStartOptions } from '../worker-files';
import { QUICKJS_BOOTSTRAP } from './quickjs-bootstrap';
import { instrumentRejections } from './rejection-instrumentation';

/** Set by the first load: from then on a warm-up would only compete with real work. */
let loading = false;
let flagged = false;

/** Compiles the QuickJS WebAssembly once per child; every extension instantiates it afresh. */
function wasmModule(): Promise<object> {
  if (!flagged) {
    // Strict children get --liftoff-only on their command line (see childArguments); this covers
    // QuickJS run from source in tests. The same value set again leaves V8's flags as they were.
    v8.setFlagsFromString('--liftoff-only');
    flagged = true;
  }
  return compiledQuickJs();
}

/** A QuickJS module on a WebAssembly memory of its own, capped at the extension's `memoryMb`. */
export async function newQuickJSModule(memoryMb: number): Promise<QuickJSWASMModule> {
  loading = true;
  await wasmModule();
  return quickJsModule(memoryMb);
}

/**
 * Compiles QuickJS's WebAssembly as soon as the child starts, then, if no extension is being
 * loaded by the time it is compiled, warms it up (a prewarmed child is then fully ready). When a
 * load is already waiting, warming a throwaway instance first would only delay it.
 */
export async function prepare(options: EngineStartOptions): Promise<void> {
  // The boot loader started compiling as soon as the child started.
  if (options.wasm) compiledQuickJs(options.wasm);
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
  await wasmModule();
  const module = await quickJsModule(16);
  const runtime = module.newRuntime();
  const context = runtime.newContext();
  const result = context.evalCode(QUICKJS_BOOTSTRAP);
  if ('value' in result && result.value) result.value.dispose();
  else if (result.error) result.error.dispose();
  // The module instrumentation's parser is compiled now too, not during the first activation.
  instrumentRejections('exports.f = async () => { try { await 0; } catch (e) { throw e; } };');
}
