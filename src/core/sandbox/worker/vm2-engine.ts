// The moderate engine: vm2's NodeVM, for code that expects Node semantics. `require` reaches only
// the extension's own files (real-path checked by vm2 against its folder); no Node builtin is
// offered, eval and WebAssembly are off. vm2 is not trusted alone: this runs in a child process
// of its own with a minimal environment, and every capability is checked by the host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NodeVM, NodeVMOptions } from 'vm2';
import type { LoadParams } from '../sandbox-protocol';
import { buildGuestApi, type GuestApiState } from './guest-api';
import { formatLogArgs, GuestFailure, toPlainJson, type GuestHost, type GuestInstance } from './guest-host';

/** Calls a command handler in the guest's realm: JSON text in, JSON text (or a promise of it) out. */
type GuestRunner = (handler: unknown, argsJson: string | undefined) => unknown;

const INVOKE_IN_GUEST = `'use strict';
const parse = JSON.parse, stringify = JSON.stringify, then = Promise.prototype.then, resolve = Promise.resolve.bind(Promise);
const out = (v) => (v === undefined ? undefined : stringify(v));
module.exports = function invoke(handler, argsJson) {
  const r = handler(argsJson === undefined ? undefined : parse(argsJson));
  if (r === null || (typeof r !== 'object' && typeof r !== 'function') || typeof r.then !== 'function') return out(r);
  return then.call(resolve(r), out);
};`;

// vm2 compiles its own set-up scripts when it loads: it is loaded on first use, after the child
// has installed the code caches for those scripts (script-code-cache.ts).
let vm2: typeof import('vm2') | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadVm2 = (): typeof import('vm2') => (vm2 ??= require('vm2') as typeof import('vm2'));

/** A NodeVM confined to `dir`, with the runner of command handlers already made in its realm. */
function guestVm(dir: string, memoryMb: number): { vm: NodeVM; run: GuestRunner } {
  // bufferAllocLimit exists in vm2 3.12 but not in its type declarations.
  const options: NodeVMOptions & { bufferAllocLimit: number } = {
    console: 'redirect',
    sandbox: {},
    eval: false,
    wasm: false,
    // One Buffer allocation is a single native call no timeout can interrupt: cap it at the
    // extension's memory limit (the child's resident cap covers the sum).
    bufferAllocLimit: memoryMb * 1024 * 1024,
    wrapper: 'commonjs',
    sourceExtensions: ['js', 'cjs'],
    require: { external: true, builtin: [], root: dir, context: 'sandbox' },
  };
  const vm = new (loadVm2().NodeVM)(options);
  // Runs inside the guest's realm, made before the guest's code so it keeps the original JSON:
  // arguments and results cross vm2's bridge as JSON text, not as proxies walked key by key.
  const run = vm.run(INVOKE_IN_GUEST, path.join(dir, '[symphony invoke]')) as GuestRunner;
  return { vm, run };
}

class Vm2Instance implements GuestInstance {
  private readonly state: GuestApiState = { commands: new Map(), subscriptions: new Map() };
  private run: GuestRunner | undefined;

  constructor(
    private readonly params: LoadParams,
    private readonly host: GuestHost,
  ) {}

  async activate(): Promise<string[]> {
    const { vm, run } = guestVm(this.params.dir, this.params.memoryMb);
    this.run = run;
    for (const level of ['log', 'info', 'debug', 'warn', 'error'] as const) {
      vm.on(`console.${level}`, (...args: unknown[]) => this.host.log(level === 'log' ? 'info' : level, formatLogArgs(args)));
    }
    const exported = vm.run(fs.readFileSync(this.params.entry, 'utf8'), this.params.entry) as { activate?: unknown } | undefined;
    if (!exported || typeof exported.activate !== 'function') {
      throw new GuestFailure('ActivationFailed', `${this.params.entry} does not export an activate(symphony) function`);
    }
    await (exported.activate as (api: object) => unknown)(buildGuestApi(this.host, this.state));
    return [...this.state.commands.keys()];
  }

  async invoke(command: string, args: unknown): Promise<unknown> {
    const handler = this.state.commands.get(command);
    if (!handler || !this.run) throw new GuestFailure('CommandNotFound', `no command "${command}" is registered`);
    const json: unknown = await this.run(handler, args === undefined ? undefined : JSON.stringify(args));
    return typeof json === 'string' ? JSON.parse(json) : undefined;
  }

  dispatchBus(subscription: number, channel: string, data: unknown): void {
    const handler = this.state.subscriptions.get(subscription);
    if (!handler) return;
    Promise.resolve()
      .then(() => handler(toPlainJson(data), channel))
      .catch((e: unknown) => this.host.reportError('uncaughtException', `a bus handler failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  dispose(): void {
    this.state.commands.clear();
    this.state.subscriptions.clear();
  }
}

export async function createVm2Instance(params: LoadParams, host: GuestHost): Promise<GuestInstance> {
  return new Vm2Instance(params, host);
}

/** Runs a throwaway guest through the same paths as an extension's activation and first command. */
export async function warmUp(): Promise<void> {
  const { vm, run } = guestVm(__dirname, 16);
  const exported = vm.run('exports.echo = async (args) => ({ args });', path.join(__dirname, '[symphony warm-up]')) as { echo: unknown };
  await run(exported.echo, '{"warm":true}');
}
