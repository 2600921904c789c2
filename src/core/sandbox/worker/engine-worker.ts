// What each engine bundle gives the boot loader: serving the host with its one engine, and a
// warm-up that runs the child's start-up paths without a host or guest, for the code cache.
import { PassThrough } from 'node:stream';
import { createMessageConnection } from 'vscode-jsonrpc';
import { FramedMessageReader, FramedMessageWriter } from '../framed-transport';
import { PingRequest } from '../sandbox-protocol';
import type { EngineStartOptions, EngineWorker } from '../worker-files';
import { installJsonRpcRuntime, toStderr } from './jsonrpc-runtime';
import { fastenSeatBelt } from './node-seat-belt';
import { recordScripts, useScriptCaches } from './script-code-cache';
import { serve, type ChildEngine } from './worker-service';

export interface EngineWarmUps {
  /** Started with the service, while the host is still preparing the first load. */
  prepare?: (options: EngineStartOptions) => Promise<void>;
  /** Exercises the engine once, so the code cache holds its compiled start-up paths. */
  warm?: () => Promise<void>;
}

/** The boot loader's view of one engine's bundle. */
export function defineEngineWorker(engine: ChildEngine, warmUps: EngineWarmUps = {}): EngineWorker {
  installJsonRpcRuntime();
  return {
    start(options) {
      useScriptCaches(options.scripts);
      // Anything that prints must go to stderr: stdout carries the protocol.
      console.log = console.info = console.debug = console.warn = console.error = toStderr;
      // Before any guest code can load: this process keeps only the stdio pipes it already has.
      fastenSeatBelt();
      serve(engine, process.stdin, process.stdout, options.codeCache, (code) => process.exit(code));
      void warmUps.prepare?.(options).catch(() => undefined);
    },
    async warm() {
      const recorder = recordScripts();
      fastenSeatBelt();
      // One heartbeat through the service over in-memory streams takes the same code paths as
      // the host's first requests.
      const toChild = new PassThrough();
      const fromChild = new PassThrough();
      serve(engine, toChild, fromChild, 'none', () => undefined);
      const host = createMessageConnection(new FramedMessageReader(fromChild), new FramedMessageWriter(toChild));
      host.listen();
      await host.sendRequest(PingRequest);
      host.dispose();
      await warmUps.warm?.();
      return recorder.take();
    },
  };
}
