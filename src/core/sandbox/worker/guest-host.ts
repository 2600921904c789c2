// What an engine inside the child gets from the worker, and what it gives back.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CapabilityCall, GuestErrorParams, LoadParams, LogParams } from '../sandbox-protocol';

/** The worker's services for one guest: capability calls go to the host over JSON-RPC. */
export interface GuestHost {
  readonly extension: string;
  /** Forwards a capability call to the host; rejects with an Error carrying `code`, `permission`, `target`. */
  call(name: CapabilityCall, args: unknown[]): Promise<unknown>;
  log(level: LogParams['level'], message: string): void;
  reportError(kind: GuestErrorParams['kind'], message: string): void;
}

/** One loaded sub-extension inside the child. */
export interface GuestInstance {
  /** Runs the entry file and its `activate`; resolves with the registered command ids. */
  activate(): Promise<string[]>;
  invoke(command: string, args: unknown): Promise<unknown>;
  dispatchBus(subscription: number, channel: string, data: unknown): void;
  dispose(): void;
}

export type EngineFactory = (params: LoadParams, host: GuestHost) => Promise<GuestInstance>;

/** An error raised in the child that the host reports with a stable code. */
export class GuestFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly permission?: string,
    readonly target?: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** Deep-copies a guest value into plain JSON data, so nothing the guest owns crosses to the host. */
export function toPlainJson(value: unknown): unknown {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}

/** Formats console arguments the way Node prints them, without invoking guest getters deeply. */
export function formatLogArgs(args: readonly unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === 'string') return a;
      if (a instanceof Error) return a.stack ?? a.message;
      try {
        return JSON.stringify(a) ?? String(a);
      } catch {
        return String(a);
      }
    })
    .join(' ');
}

const MODULE_EXTENSIONS = ['', '.js', '.cjs', '.json', '/index.js'];

/**
 * Resolves a `require` against the module files the host sent (QuickJS guests): only relative
 * paths, only files inside the extension's folder that the host chose to send.
 */
export function resolveSnapshotModule(spec: string, parentFile: string, rootDir: string, files: ReadonlyMap<string, string>): string {
  if (!spec.startsWith('./') && !spec.startsWith('../') && !spec.startsWith('/')) {
    throw new GuestFailure('NotAllowed', `require("${spec}") is not available in the strict sandbox: only the extension's own files can be required; use the symphony API for files, network and processes`);
  }
  const base = path.resolve(path.dirname(parentFile), spec);
  if (base !== rootDir && !base.startsWith(rootDir + path.sep)) {
    throw new GuestFailure('NotAllowed', `require("${spec}") points outside the extension folder "${rootDir}"`);
  }
  for (const ext of MODULE_EXTENSIONS) if (files.has(base + ext)) return base + ext;
  throw new GuestFailure('CommandFailed', `cannot find module "${spec}" from "${parentFile}" (only .js, .cjs and .json files inside the extension folder can be required)`);
}

/**
 * Resolves a `require` inside a guest: only relative paths, only files whose real path stays in
 * the extension's folder. Node builtins and packages are refused: the symphony API replaces them.
 */
export function resolveGuestModule(spec: string, parentFile: string, rootDir: string): string {
  if (!spec.startsWith('./') && !spec.startsWith('../') && !spec.startsWith('/')) {
    throw new GuestFailure('NotAllowed', `require("${spec}") is not available in the sandbox: only the extension's own files can be required; use the symphony API for files, network and processes`);
  }
  const base = path.resolve(path.dirname(parentFile), spec);
  for (const ext of MODULE_EXTENSIONS) {
    const candidate = base + ext;
    let real: string;
    try {
      real = fs.realpathSync.native(candidate);
      if (!fs.statSync(real).isFile()) continue;
    } catch {
      continue;
    }
    if (real !== rootDir && !real.startsWith(rootDir + path.sep)) {
      throw new GuestFailure('NotAllowed', `require("${spec}") resolves to "${real}", outside the extension folder "${rootDir}"`);
    }
    return real;
  }
  throw new GuestFailure('CommandFailed', `cannot find module "${spec}" from "${parentFile}"`);
}
