// A seat belt inside the child, for code that got past its engine (a vm2 escape) or runs on
// plain Node (built-in and opted-in `minimal` extensions). Node's permission model, where the
// runtime has it, already refuses file writes, child processes and worker threads, but not the
// network (Node 20 has no network permission). So before any guest code loads, the child takes
// away its own ways to open sockets, resolve names, start processes or threads, and reach native
// bindings. Guests reach all of this through the symphony API instead, where the host checks
// every call. It is a belt, not the wall: the wall is the engine plus the host's broker.
import { createRequire } from 'node:module';

// The module objects themselves, not a bundler's copy of their exports: a patch must be seen by
// every later `require` of the module, a guest's included.
const load = createRequire(__filename);

const NETWORK = 'network access is not available in the sandbox; use symphony.net.http (permission net.http)';
const PROCESSES = 'starting processes is not available in the sandbox; use symphony.process.spawn (permission process.spawn)';
const NATIVE = 'native bindings are not available in the sandbox';

function denied(message: string): () => never {
  return function denied(): never {
    const e = new Error(message) as Error & { code: string };
    e.code = 'ERR_ACCESS_DENIED';
    throw e;
  };
}

/** Replaces every function of a module object (or prototype) with one that refuses. */
function denyAll(target: object, message: string, keep: readonly string[] = []): void {
  for (const key of Object.getOwnPropertyNames(target)) {
    if (key === 'constructor' || keep.includes(key)) continue;
    const d = Object.getOwnPropertyDescriptor(target, key);
    if (d && typeof d.value === 'function' && (d.writable || d.configurable)) {
      Object.defineProperty(target, key, { ...d, value: denied(message) });
    }
  }
}

function set(target: object, key: string, value: unknown): void {
  try {
    Object.defineProperty(target, key, { value, writable: true, configurable: true });
  } catch {
    /* a frozen property stays as it is; the permission model still stands behind it */
  }
}

/**
 * Whether Node's permission model already refuses this process child processes, worker threads
 * and the inspector (it does so natively, below any JavaScript a guest could reach).
 */
function nativelyConfined(): boolean {
  const permission = (process as { permission?: { has(scope: string): boolean } }).permission;
  try {
    return typeof permission?.has === 'function' && !permission.has('child') && !permission.has('worker');
  } catch {
    return false;
  }
}

/** Takes the network, processes, threads and native bindings away from this process for good. */
export function fastenSeatBelt(): void {
  const net = load('node:net') as typeof import('node:net');
  const dgram = load('node:dgram') as typeof import('node:dgram');
  const dns = load('node:dns') as typeof import('node:dns');
  // Every TCP, TLS, HTTP(S), HTTP/2 and fetch connection and every server ends in these two.
  set(net.Socket.prototype, 'connect', denied(NETWORK));
  set(net.Server.prototype, 'listen', denied(NETWORK));
  for (const key of ['bind', 'connect', 'send'] as const) set(dgram.Socket.prototype, key, denied(NETWORK));
  // Name lookups leak data too (a query for secret.attacker.example).
  denyAll(dns, NETWORK, ['Resolver', 'promises']);
  denyAll(dns.promises, NETWORK, ['Resolver']);
  denyAll(dns.Resolver.prototype, NETWORK);
  denyAll(dns.promises.Resolver.prototype, NETWORK);
  for (const key of ['fetch', 'WebSocket', 'EventSource']) {
    if (key in globalThis) set(globalThis, key, denied(NETWORK));
  }
  // Raw bindings reach sockets and processes around everything above.
  set(process, 'binding', denied(NATIVE));
  set(process, '_linkedBinding', denied(NATIVE));
  set(process, 'dlopen', denied(NATIVE));
  // Without the permission model (no flag on this runtime), processes and threads would start:
  // a Worker gets fresh, unfastened modules. With it, Node refuses them itself, and loading these
  // modules only to patch them would cost every child's start a few milliseconds.
  if (nativelyConfined()) return;
  const inspector = load('node:inspector') as typeof import('node:inspector');
  const childProcess = load('node:child_process') as typeof import('node:child_process');
  const cluster = load('node:cluster') as unknown as typeof import('node:cluster').default;
  const workerThreads = load('node:worker_threads') as typeof import('node:worker_threads');
  set(inspector, 'open', denied(NETWORK));
  denyAll(childProcess, PROCESSES, ['ChildProcess']);
  set(childProcess.ChildProcess.prototype, 'spawn', denied(PROCESSES));
  set(cluster, 'fork', denied(PROCESSES));
  set(workerThreads, 'Worker', denied(PROCESSES));
}
