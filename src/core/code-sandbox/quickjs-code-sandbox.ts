import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten-core';
import { type Item, type LogLevel, OperatorError } from '../operators/operator';
import type { CodeSandbox, CodeRunRequest } from '../operators/core/code';
import { guestSource, USER_CODE_LINE } from './code-guest';
import { quickJsModule } from '../base/quickjs-module';

/** Limits of one Code run. */
export interface CodeSandboxLimits {
  /** Heap limit of the QuickJS runtime (default 64 MB). */
  memoryMb?: number;
  /** Time limit of one run, synchronous loops included (default 10 s). */
  timeoutMs?: number;
}

const DEFAULT_MEMORY_MB = 64;
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Runs Code node JavaScript in QuickJS (WebAssembly): a fresh runtime per run with a memory
 * limit, a stack limit and an interrupt that stops the code at its deadline or when the run is
 * cancelled. The guest sees only n8n's Code API and console; there is no `require`, `process`
 * or host object in it, and only JSON crosses the boundary.
 */
export class QuickJsCodeSandbox implements CodeSandbox {
  constructor(private readonly limits: CodeSandboxLimits = {}) {}

  async runJavaScript(request: CodeRunRequest, signal: AbortSignal): Promise<unknown> {
    if (signal.aborted) throw new OperatorError('Cancelled', `Node "${request.nodeId}": the run was cancelled`);
    const memoryMb = this.limits.memoryMb ?? DEFAULT_MEMORY_MB;
    const module = await quickJsModule(memoryMb);
    const timeoutMs = this.limits.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const runtime = module.newRuntime();
    const deadline = Date.now() + timeoutMs;
    let vm: QuickJSContext | undefined;
    try {
      runtime.setMemoryLimit(memoryMb * 1024 * 1024);
      runtime.setMaxStackSize(256 * 1024);
      runtime.setInterruptHandler(() => Date.now() > deadline || signal.aborted);
      vm = runtime.newContext();
      return await this.runIn(vm, runtime, request, signal, deadline, { memoryMb, timeoutMs });
    } finally {
      try {
        vm?.dispose();
        runtime.dispose();
      } catch {
        // QuickJS can keep objects alive after a stack overflow inside an async function, and
        // freeing such a runtime aborts its WebAssembly instance; the instance was this run's alone.
      }
    }
  }

  private async runIn(vm: QuickJSContext, runtime: QuickJSRuntime, request: CodeRunRequest, signal: AbortSignal, deadline: number, limits: Required<CodeSandboxLimits>): Promise<unknown> {
    const fail = (handle: QuickJSHandle): never => {
      const dumped: unknown = vm.dump(handle);
      handle.dispose();
      throw this.failure(request.nodeId, dumped, signal, limits);
    };
    const items = request.items.map((item: Item) => (item.binary ? { json: item.json, binary: item.binary } : { json: item.json }));
    vm.newString(JSON.stringify({ items, mode: request.mode, itemIndex: request.itemIndex })).consume((h) => vm.setProp(vm.global, '__request', h));
    vm.newFunction('__log', (level, text) => {
      const l = vm.getString(level) as LogLevel;
      request.log?.(['trace', 'debug', 'info', 'warn', 'error'].includes(l) ? l : 'info', vm.getString(text));
    }).consume((h) => vm.setProp(vm.global, '__log', h));

    const setup = vm.evalCode(guestSource(request.code), `${request.nodeId}.js`);
    if (setup.error) fail(setup.error);
    else setup.value.dispose();

    const started = vm.evalCode('__run()');
    if (started.error) fail(started.error);
    const promise = (started as { value: QuickJSHandle }).value;
    try {
      // Settle the promise: run QuickJS's job queue until it resolves (await inside the code).
      for (;;) {
        const state = vm.getPromiseState(promise);
        if (state.type === 'fulfilled') {
          const text = vm.getString(state.value);
          state.value.dispose();
          return JSON.parse(text) as unknown;
        }
        if (state.type === 'rejected') fail(state.error);
        const jobs = runtime.executePendingJobs(-1);
        if ('error' in jobs && jobs.error) fail(jobs.error);
        const ran = (jobs as { value?: number }).value ?? 0;
        if (ran === 0) {
          // Nothing left to run and still pending: the code awaits something that never settles.
          if (Date.now() > deadline || signal.aborted) throw this.failure(request.nodeId, { name: 'InternalError', message: 'interrupted' }, signal, limits);
          throw new OperatorError('CodeFailed', `Node "${request.nodeId}": the code awaits a promise that never settles; the sandbox has no timers or network, so await only values the code computes.`);
        }
      }
    } finally {
      promise.dispose();
    }
  }

  private failure(nodeId: string, dumped: unknown, signal: AbortSignal, limits: Required<CodeSandboxLimits>): OperatorError {
    const o = (dumped && typeof dumped === 'object' ? dumped : { message: String(dumped) }) as { name?: string; message?: string; stack?: string };
    const message = o.message ?? String(dumped);
    if (o.name === 'InternalError' && /interrupted/.test(message)) {
      if (signal.aborted) return new OperatorError('Cancelled', `Node "${nodeId}": the run was cancelled while the code was running`);
      return new OperatorError('CodeTimeout', `Node "${nodeId}": the code ran for more than ${limits.timeoutMs} ms and was stopped; look for a loop that never ends, or raise the node's timeoutMs.`);
    }
    // With no memory left QuickJS cannot even build the error object and throws null.
    if (dumped === null || dumped === undefined || /out of memory/i.test(message) || (o.name === 'InternalError' && /stack overflow/i.test(message))) {
      return new OperatorError('CodeOutOfMemory', `Node "${nodeId}": the code used more than its ${limits.memoryMb} MB of memory (or stack) and was stopped; process fewer items at once or avoid deep recursion.`);
    }
    const where = typeof o.stack === 'string' ? /:(\d+)/.exec(o.stack) : null;
    const line = where ? ` (line ${Math.max(1, Number(where[1]) - USER_CODE_LINE + 1)})` : '';
    return new OperatorError('CodeFailed', `Node "${nodeId}": the code failed${line}: ${o.name && o.name !== 'Error' ? `${o.name}: ` : ''}${message}`);
  }
}

let shared: QuickJsCodeSandbox | undefined;

/** The sandbox core.code uses when the environment provides none. */
export function defaultCodeSandbox(): QuickJsCodeSandbox {
  return (shared ??= new QuickJsCodeSandbox());
}
