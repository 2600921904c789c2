// The first code a sandbox child runs (dist/sandbox-worker.js). It loads the bundle of the one
// engine the host chose, compiled with V8's code cache when the host passes one: compiling the
// bundle is otherwise the largest part of a child's start after Node's own. With
// `--write-code-cache` it makes that cache instead: it loads the bundle, runs its start-up paths
// with no host and no guest, and writes what V8 compiled. Only such a child, which never ran
// guest code, writes a cache; the children that serve extensions cannot write files at all.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { decodeCodeCache, encodeCodeCache, type ScriptCache } from './code-cache-file';
import { CODE_CACHE_ARG, ENGINE_ARG, engineBundleFile, QUICKJS_WASM_FILE, WRITE_CODE_CACHE_ARG, type CodeCacheState, type EngineKind, type EngineWorker } from '../worker-files';

const ENGINES: readonly string[] = ['quickjs', 'vm2', 'node'] satisfies EngineKind[];

function argument(prefix: string): string | undefined {
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

interface LoadedBundle {
  worker: EngineWorker;
  script: vm.Script;
  codeCache: CodeCacheState;
  scripts: ScriptCache[];
}

/** Compiles and runs a CommonJS bundle as Node's loader would, with the code cache in `cacheFile`. */
function loadBundle(file: string, cacheFile: string | undefined): LoadedBundle {
  const source = fs.readFileSync(file, 'utf8');
  let bytes: Buffer | undefined;
  if (cacheFile) {
    try {
      bytes = fs.readFileSync(cacheFile);
    } catch {
      /* gone or unreadable: compile without it (and do not have a good cache dropped) */
    }
  }
  const cache = bytes && decodeCodeCache(bytes);
  const cachedData = cache?.bundle;
  // The wrapper opens on the first line, so line numbers in stack traces stay the bundle's.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  // A file that is not a cache of this layout counts as refused, so the host drops it.
  const codeCache: CodeCacheState = bytes === undefined ? 'none' : cachedData === undefined || script.cachedDataRejected ? 'rejected' : 'accepted';
  const module = { exports: {} as { worker?: EngineWorker }, filename: file, id: file };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  if (!module.exports.worker) throw new Error(`${file} is not a sandbox engine bundle`);
  return { worker: module.exports.worker, script, codeCache, scripts: codeCache === 'accepted' ? cache!.scripts : [] };
}

function fatal(message: string, code: number): never {
  process.stderr.write(`symphony sandbox: ${message}\n`);
  process.exit(code);
}

/** Starts compiling a WebAssembly file beside this loader on V8's background threads. */
function compileBeside(name: string): Promise<object> | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.join(__dirname, name));
  } catch {
    return undefined; // the engine finds or reports it itself
  }
  const compiling = (globalThis as unknown as { WebAssembly: { compile(b: Uint8Array): Promise<object> } }).WebAssembly.compile(bytes);
  compiling.catch(() => undefined);
  return compiling;
}

function boot(): void {
  const engine = argument(ENGINE_ARG) ?? '';
  if (!ENGINES.includes(engine)) fatal(`unknown engine "${engine}" (expected ${ENGINES.join(', ')})`, 64);
  const file = path.join(__dirname, engineBundleFile(engine as EngineKind));
  const writeTo = argument(WRITE_CODE_CACHE_ARG);
  if (writeTo === undefined) {
    // A strict child needs QuickJS's WebAssembly before anything else: it compiles while the
    // bundle loads and the host's first request arrives.
    const wasm = engine === 'quickjs' ? compileBeside(QUICKJS_WASM_FILE) : undefined;
    const { worker, codeCache, scripts } = loadBundle(file, argument(CODE_CACHE_ARG));
    worker.start({ codeCache, scripts, wasm });
    return;
  }
  const { worker, script } = loadBundle(file, undefined);
  // Nobody waits for this child: it must never linger if warming up hangs.
  setTimeout(() => fatal(`warming the ${engine} bundle took more than a minute`, 1), 60_000).unref();
  worker.warm().then(
    (scripts) => {
      // Written aside and renamed, so a child never reads half a cache.
      const partial = `${writeTo}.${process.pid}.partial`;
      try {
        fs.writeFileSync(partial, encodeCodeCache(script.createCachedData(), scripts));
        fs.renameSync(partial, writeTo);
      } catch (e) {
        fs.rmSync(partial, { force: true });
        fatal(`could not write the code cache ${writeTo}: ${e instanceof Error ? e.message : String(e)}`, 73);
      }
      process.exit(0);
    },
    (e: unknown) => fatal(`could not warm the ${engine} bundle: ${e instanceof Error ? e.stack : String(e)}`, 1),
  );
}

boot();
