import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { realDir } from '../security/real-path';
import { networkNamespaceLauncher } from './network-namespace';
import { codeCacheFile, makeCodeCache, type CodeCacheFile } from './sandbox-code-cache';
import { CODE_CACHE_ARG, ENGINE_ARG, WORKER_BOOT_FILE, type EngineKind } from './worker-files';

/** How sandbox children are started. Inside VS Code: `process.execPath` with ELECTRON_RUN_AS_NODE=1. */
export interface LaunchOptions {
  /** The worker's boot loader (dist/sandbox-worker.js); the engine bundles sit beside it. */
  workerPath: string;
  /** The Node executable; defaults to this process's. */
  executable?: string;
  /** The complete environment of the child (nothing is inherited). */
  env?: Record<string, string>;
  /** Use Node's permission flags when the runtime has them (default true). */
  nodePermissions?: boolean;
  /** Where V8 code caches of the engine bundles are kept (none: children compile from scratch). */
  codeCacheDir?: string;
  /** Start children in a network namespace of their own where the system allows it (default true). */
  networkNamespace?: boolean;
}

/** The default environment: empty but for what Electron needs to behave as Node. */
export function minimalEnv(electron: boolean): Record<string, string> {
  return electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
}

/** The worker's boot loader next to the running bundle (dist/), where the build puts it. */
export function defaultWorkerPath(): string {
  return path.join(__dirname, WORKER_BOOT_FILE);
}

const flagCache = new Map<string, string | null>();

/**
 * The name of Node's permission flag on this executable (`--permission` on current Node,
 * `--experimental-permission` on Node 20), or null when it has none. Probed once per executable:
 * never required, only used when present.
 */
export function permissionFlag(executable: string, env: Record<string, string>): string | null {
  const cached = flagCache.get(executable);
  if (cached !== undefined) return cached;
  let found: string | null = null;
  for (const flag of ['--permission', '--experimental-permission']) {
    // For this very executable Node tells which flags it takes, at no cost; another executable
    // (an Electron build, say) is asked by starting it once. A child that still fails to start
    // with the flag makes the runtime retry without it (see disablePermissionFlag).
    const works = executable === process.execPath
      ? process.allowedNodeEnvironmentFlags.has(flag)
      : spawnSync(executable, [flag, '--allow-fs-read=*', '-e', '0'], { env, stdio: 'ignore', timeout: 5000 }).status === 0;
    if (works) {
      found = flag;
      break;
    }
  }
  flagCache.set(executable, found);
  return found;
}

/** Stops using the permission flag on an executable whose children failed to start with it. */
export function disablePermissionFlag(executable: string): void {
  flagCache.set(executable, null);
}

/** Whether the executable accepts a plain Node flag (checked like the permission flag). */
function accepts(executable: string, flag: string): boolean {
  return executable === process.execPath && process.allowedNodeEnvironmentFlags.has(flag);
}

/** The cap of each of V8's two young-generation halves in a child, MiB. */
export const SEMI_SPACE_MB = 1;

/** A child's command line, and what the host needs to know about how it was started. */
export interface ChildCommand {
  /** The Node (or Electron) executable that runs the worker. */
  executable: string;
  /** What is spawned: the executable, or the launcher of a network namespace that runs it. */
  command: string;
  args: string[];
  /** Whether the child starts in a network namespace of its own. */
  networkNamespace: boolean;
  env: Record<string, string>;
  permissionFlag: string | null;
  /** The code cache the child compiles its bundle with, when the launch keeps caches. */
  codeCache?: CodeCacheFile;
  /** Starts the child that makes the code cache, when there is none yet. */
  makeCodeCache(): void;
}

/** Builds the command line of a child: seat-belt flags, heap caps, then the worker and its engine. */
export function childArguments(options: LaunchOptions, heapMb: number, readable: readonly string[], engine: EngineKind): ChildCommand {
  const executable = options.executable ?? process.execPath;
  const env = options.env ?? minimalEnv(false);
  // The young generation may otherwise grow to 2 × 16 MB per child, which a child that serves
  // small calls never needs; measured on ten moderate children it is a third of their private
  // memory after some use (bench/sandbox-runtime.ts). Old space is capped by the manifest.
  const v8Flags = [`--max-semi-space-size=${SEMI_SPACE_MB}`, `--max-old-space-size=${Math.max(16, Math.round(heapMb))}`];
  // QuickJS is one large interpreter function set: V8's optimising tier spends far longer
  // compiling it than the guests' short calls gain, so strict children keep the baseline
  // compiler. Given on the command line, the flag is also part of what their code cache is made under.
  if (engine === 'quickjs') v8Flags.push('--liftoff-only');
  const cache = options.codeCacheDir ? codeCacheFile(options.codeCacheDir, options.workerPath, executable, engine, v8Flags) : undefined;
  // The child reads the cache by the path it may read: Node's permission model matches paths as given.
  const cacheReal = cache?.present ? realDir(cache.file) : undefined;
  const flags: string[] = [];
  const flag = options.nodePermissions === false ? null : permissionFlag(executable, env);
  if (flag) {
    // The permission model prints an experimental warning on older Node; it is expected here.
    flags.push(flag, '--no-warnings');
    // Read access only to the worker's own folder, the extension folders it hosts and its code
    // cache; no writes, no child processes, no worker threads, no native addons.
    for (const p of [path.dirname(options.workerPath), ...readable, ...(cacheReal ? [cacheReal] : [])]) {
      const real = realDir(p);
      // A folder path covers what is inside it (Node 20 aborts when a folder is given twice).
      if (!flags.includes(`--allow-fs-read=${real}`)) flags.push(`--allow-fs-read=${real}`);
    }
  }
  if (accepts(executable, '--no-addons')) flags.push('--no-addons');
  flags.push(...v8Flags);
  const workerArgs = [`${ENGINE_ARG}${engine}`, ...(cacheReal ? [`${CODE_CACHE_ARG}${cacheReal}`] : [])];
  const namespace = options.networkNamespace === false ? null : networkNamespaceLauncher(executable);
  const spawnable = (args: string[]) => (namespace ? { command: namespace.command, args: [...namespace.prefix, executable, ...args] } : { command: executable, args });
  return {
    executable,
    ...spawnable([...flags, options.workerPath, ...workerArgs]),
    networkNamespace: namespace !== null,
    env,
    permissionFlag: flag,
    codeCache: cache,
    makeCodeCache: () => {
      if (!cache || cache.present) return;
      // The maker gets the serving children's flags (none of which reads a cache, as there is none yet).
      makeCodeCache(cache, { spawnable, env, flags, permissionFlag: flag, workerPath: options.workerPath, engine });
    },
  };
}
