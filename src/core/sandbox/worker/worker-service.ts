// The sandbox child's service. It speaks JSON-RPC on stdin/stdout with the host, runs each loaded
// sub-extension in the child's one engine, and forwards every capability call to the host,
// which alone decides. Guest output never reaches stdout (that is the protocol stream).
import type { Readable, Writable } from 'node:stream';
import { createMessageConnection, ResponseError, type MessageConnection } from 'vscode-jsonrpc';
import { FramedMessageReader, FramedMessageWriter } from '../framed-transport';
import {
  BusEventNotification,
  CapabilityRequest,
  GuestErrorNotification,
  InvokeRequest,
  LoadRequest,
  LogNotification,
  PingRequest,
  ProbeRequest,
  SANDBOX_RPC_ERROR,
  UnloadRequest,
  type EngineKind,
  type PingResult,
  type SandboxErrorCode,
  type SandboxErrorData,
} from '../sandbox-protocol';
import type { CodeCacheState } from '../worker-files';
import { GuestFailure, type EngineFactory, type GuestHost, type GuestInstance } from './guest-host';

/** The engine a child runs: one per child, chosen by the host when it starts the child. */
export interface ChildEngine {
  kind: EngineKind;
  create: EngineFactory;
}

function errorData(e: unknown, fallback: SandboxErrorCode): SandboxErrorData {
  if (e instanceof GuestFailure) {
    const d: SandboxErrorData = { code: e.code as SandboxErrorCode, message: e.message };
    if (e.permission !== undefined) d.permission = e.permission;
    if (e.target !== undefined) d.target = e.target;
    return d;
  }
  // Errors thrown by guest code may be proxies or foreign-realm objects: read plain fields only.
  let code: unknown, message: unknown, permission: unknown, target: unknown, name: unknown;
  try {
    ({ code, message, permission, target, name } = e as Record<string, unknown>);
  } catch {
    /* a hostile getter: fall through to a generic message */
  }
  const text = typeof message === 'string' ? message : safeString(e);
  if (code === 'PermissionDenied') {
    return { code, message: text, permission: typeof permission === 'string' ? permission : undefined, target: typeof target === 'string' ? target : undefined };
  }
  const known = typeof code === 'string' && /^[A-Z][A-Za-z]+$/.test(code) ? (code as SandboxErrorCode) : fallback;
  const prefix = typeof name === 'string' && name !== 'Error' && name !== known ? `${name}: ` : '';
  return { code: known, message: prefix + text };
}

function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return 'an error that cannot be printed';
  }
}

function fail(e: unknown, fallback: SandboxErrorCode): ResponseError<SandboxErrorData> {
  const data = errorData(e, fallback);
  return new ResponseError(SANDBOX_RPC_ERROR, data.message, data);
}

function guestHost(conn: MessageConnection, extension: string): GuestHost {
  return {
    extension,
    async call(name, args) {
      try {
        return await conn.sendRequest(CapabilityRequest, { extension, name, args });
      } catch (e) {
        const data = e instanceof ResponseError ? (e.data as SandboxErrorData | undefined) : undefined;
        const err = new Error(data?.message ?? (e instanceof Error ? e.message : String(e))) as Error & Partial<SandboxErrorData>;
        err.name = data?.code ?? 'CapabilityFailed';
        err.code = data?.code ?? 'CapabilityFailed';
        if (data?.permission !== undefined) err.permission = data.permission;
        if (data?.target !== undefined) err.target = data.target;
        throw err;
      }
    },
    log: (level, message) => void conn.sendNotification(LogNotification, { extension, level, message: message.slice(0, 64 * 1024) }),
    reportError: (kind, message) => void conn.sendNotification(GuestErrorNotification, { extension, kind, message: message.slice(0, 64 * 1024) }),
  };
}

/**
 * Serves the host over `input`/`output` (stdin/stdout in a child; in-memory streams when a code
 * cache is made). `exit` ends the child when the host's stream breaks or closes.
 */
export function serve(engine: ChildEngine, input: Readable, output: Writable, codeCache: CodeCacheState, exit: (code: number) => void): MessageConnection {
  const instances = new Map<string, GuestInstance>();
  const reader = new FramedMessageReader(input);
  // Only the host writes to stdin: a stream it did not frame means the host is gone or broken.
  reader.onError(() => exit(70));
  const conn = createMessageConnection(reader, new FramedMessageWriter(output));

  // A guest's stray throw or rejection must not end the child; it is reported against the
  // extension (there is one per moderate child) and the next call is served normally.
  const report = (kind: 'uncaughtException' | 'unhandledRejection') => (e: unknown) => {
    // A guest's error comes from its own realm (not an instance of this realm's Error): read its
    // stack as plain data, and never let a hostile getter throw out of the handler.
    let stack: unknown;
    try {
      stack = (e as { stack?: unknown } | null)?.stack;
    } catch {
      stack = undefined;
    }
    const message = typeof stack === 'string' ? stack : safeString(e);
    const extensions = [...instances.keys()];
    void conn.sendNotification(GuestErrorNotification, { extension: extensions.length === 1 ? extensions[0]! : '', kind, message: message.slice(0, 64 * 1024) });
  };
  process.on('uncaughtException', report('uncaughtException'));
  process.on('unhandledRejection', report('unhandledRejection'));

  conn.onRequest(LoadRequest, async (params) => {
    if (instances.has(params.extension)) throw fail(new GuestFailure('ActivationFailed', `${params.extension} is already loaded`), 'ActivationFailed');
    if (params.engine !== engine.kind) throw fail(new GuestFailure('ActivationFailed', `this sandbox runs the ${engine.kind} engine, not "${params.engine}"`), 'ActivationFailed');
    let instance: GuestInstance | undefined;
    try {
      instance = await engine.create(params, guestHost(conn, params.extension));
      instances.set(params.extension, instance);
      return { commands: await instance.activate() };
    } catch (e) {
      instance?.dispose();
      instances.delete(params.extension);
      throw fail(e, 'ActivationFailed');
    }
  });
  conn.onRequest(InvokeRequest, async (params) => {
    const instance = instances.get(params.extension);
    if (!instance) throw fail(new GuestFailure('SandboxUnavailable', `${params.extension} is not loaded in this sandbox`), 'SandboxUnavailable');
    try {
      return (await instance.invoke(params.command, params.args)) ?? null;
    } catch (e) {
      throw fail(e, 'CommandFailed');
    }
  });
  conn.onRequest(UnloadRequest, (params) => {
    instances.get(params.extension)?.dispose();
    instances.delete(params.extension);
  });
  conn.onRequest(PingRequest, (): PingResult => {
    const m = process.memoryUsage();
    return { rss: m.rss, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, external: m.external, codeCache };
  });
  conn.onRequest(ProbeRequest, () => ({
    objectPrototype: Object.getOwnPropertyNames(Object.prototype).sort(),
    arrayPrototype: Object.getOwnPropertyNames(Array.prototype).sort(),
    functionPrototype: Object.getOwnPropertyNames(Function.prototype).sort(),
    globals: Object.getOwnPropertyNames(globalThis).sort(),
  }));
  conn.onNotification(BusEventNotification, (params) => instances.get(params.extension)?.dispatchBus(params.subscription, params.channel, params.data));
  conn.onClose(() => exit(0));
  conn.listen();
  return conn;
}
