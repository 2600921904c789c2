// The files and command-line arguments that the host and the sandbox child agree on. This file
// imports only types: the child's boot loader includes it and must stay small.
import type { ScriptCache } from './worker/code-cache-file';

/** Engines a child can host; each has its own bundle, so a child compiles only the one it runs. */
export type EngineKind = 'quickjs' | 'vm2' | 'node';

/** The boot loader every child starts with (dist/sandbox-worker.js). */
export const WORKER_BOOT_FILE = 'sandbox-worker.js';

/** The bundle of one engine, beside the boot loader. */
export function engineBundleFile(engine: EngineKind): string {
  return `sandbox-worker-${engine}.js`;
}

/** QuickJS's WebAssembly, copied beside the bundles by the build. */
export const QUICKJS_WASM_FILE = 'quickjs-release-sync.wasm';

/** `--engine=<kind>`: which engine bundle the boot loader loads. */
export const ENGINE_ARG = '--engine=';
/** `--code-cache=<file>`: V8 code cache of the engine bundle to compile with. */
export const CODE_CACHE_ARG = '--code-cache=';
/** `--write-code-cache=<file>`: load and warm the engine bundle, write its code cache, exit. */
export const WRITE_CODE_CACHE_ARG = '--write-code-cache=';

/** What became of the code cache a child was given. */
export type CodeCacheState = 'accepted' | 'rejected' | 'none';

/** What the boot loader hands an engine bundle it starts. */
export interface EngineStartOptions {
  codeCache: CodeCacheState;
  /** Caches for the scripts the engine compiles itself. */
  scripts: readonly ScriptCache[];
  /** QuickJS's WebAssembly, compiling since the child started (strict children only). */
  wasm?: Promise<object>;
}

/** What an engine bundle exports to the boot loader. */
export interface EngineWorker {
  /** Serves the host on stdin/stdout. */
  start(options: EngineStartOptions): void;
  /**
   * Runs the child's start-up paths once without a host or guest, so a code cache covers them;
   * returns the caches of the scripts the engine compiled on the way.
   */
  warm(): Promise<ScriptCache[]>;
}
