// vscode-jsonrpc's Node entry also loads crypto and its stream and pipe helpers, which a child never
// uses (crypto alone costs every child ~3 ms of its start). The child takes the library's common
// API instead, with the little of its runtime layer that a connection over our own framed
// transport touches: timers, and a console that writes to stderr.
import { RAL, type Disposable } from 'vscode-jsonrpc';

const unused = (what: string) => (): never => {
  throw new Error(`${what} is not available in the sandbox child`);
};

const disposable = (dispose: () => void): Disposable => ({ dispose });

/** Prints to stderr: a child's stdout carries the protocol. */
export const toStderr = (...args: unknown[]): void => void process.stderr.write(args.map(String).join(' ') + '\n');

const childRuntime: RAL = {
  crypto: { randomUUID: unused('randomUUID') },
  applicationJson: {
    encoder: { name: 'application/json', encode: unused('the stream message writer') },
    decoder: { name: 'application/json', decode: unused('the stream message reader') },
  },
  messageBuffer: { create: unused('the stream message buffer') },
  console: { info: toStderr, log: toStderr, warn: toStderr, error: toStderr },
  timer: {
    setTimeout: (callback, ms, ...args) => {
      const handle = setTimeout(callback, ms, ...args);
      return disposable(() => clearTimeout(handle));
    },
    setImmediate: (callback, ...args) => {
      const handle = setImmediate(callback, ...args);
      return disposable(() => clearImmediate(handle));
    },
    setInterval: (callback, ms, ...args) => {
      const handle = setInterval(callback, ms, ...args);
      return disposable(() => clearInterval(handle));
    },
  },
};

/** Installs the child's runtime layer, unless this process already has one (the Node entry's, in tests). */
export function installJsonRpcRuntime(): void {
  try {
    RAL();
  } catch {
    RAL.install(childRuntime);
  }
}
