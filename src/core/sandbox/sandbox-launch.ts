import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** How sandbox children are started. Inside VS Code: `process.execPath` with ELECTRON_RUN_AS_NODE=1. */
export interface LaunchOptions {
  /** The worker bundle (dist/sandbox-worker.js). */
  workerPath: string;
  /** The Node executable; defaults to this process's. */
  executable?: string;
  /** The complete environment of the child (nothing is inherited). */
  env?: Record<string, string>;
  /** Use Node's permission flags when the runtime has them (default true). */
  nodePermissions?: boolean;
}

/** The default environment: empty but for what Electron needs to behave as Node. */
export function minimalEnv(electron: boolean): Record<string, string> {
  return electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
}

/** The worker bundle next to the running bundle (dist/), where the build puts it. */
export function defaultWorkerPath(): string {
  return path.join(__dirname, 'sandbox-worker.js');
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

/** Builds the command line of a child: seat-belt flags, heap caps, then the worker. */
export function childArguments(options: LaunchOptions, heapMb: number, readable: readonly string[], workerArgs: readonly string[] = []): { executable: string; args: string[]; env: Record<string, string>; permissionFlag: string | null } {
  const executable = options.executable ?? process.execPath;
  const env = options.env ?? minimalEnv(false);
  const args: string[] = [];
  const flag = options.nodePermissions === false ? null : permissionFlag(executable, env);
  if (flag) {
    // The permission model prints an experimental warning on older Node; it is expected here.
    args.push(flag, '--no-warnings');
    // Read access only to the worker's own folder and the extension folders it hosts; no writes,
    // no child processes, no worker threads, no native addons.
    for (const dir of [path.dirname(options.workerPath), ...readable]) {
      const real = safeReal(dir);
      // A folder path covers what is inside it (Node 20 aborts when a folder is given twice).
      if (!args.includes(`--allow-fs-read=${real}`)) args.push(`--allow-fs-read=${real}`);
    }
  }
  if (accepts(executable, '--no-addons')) args.push('--no-addons');
  // The young generation may otherwise grow to 2 × 16 MB per child, which a child that serves
  // small calls never needs; measured on ten moderate children it is a third of their private
  // memory after some use (bench/sandbox-runtime.ts). Old space is capped by the manifest.
  args.push(`--max-semi-space-size=${SEMI_SPACE_MB}`, `--max-old-space-size=${Math.max(16, Math.round(heapMb))}`, options.workerPath, ...workerArgs);
  return { executable, args, env, permissionFlag: flag };
}

function safeReal(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}
