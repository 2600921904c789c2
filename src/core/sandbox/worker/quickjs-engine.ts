// The strict engine: QuickJS compiled to WebAssembly. Each extension gets its own WebAssembly
// instance (its own linear memory), a memory limit enforced by QuickJS's allocator (typed arrays
// included) and an interrupt handler that stops any synchronous run past its time budget.
import * as path from 'node:path';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, VmCallResult } from 'quickjs-emscripten-core';
import type { LoadParams } from '../sandbox-protocol';
import { QUICKJS_BOOTSTRAP } from './quickjs-bootstrap';
import { newQuickJSModule } from './quickjs-wasm';
import { DELIVER, instrumentRejections, PEND } from './rejection-instrumentation';
import { GuestFailure, resolveSnapshotModule, type GuestHost, type GuestInstance } from './guest-host';

const MAX_TIMERS = 1000;

/** Turns a QuickJS error value into a failure with a stable code. */
function failureOf(dumped: unknown, cpuMs: number, memoryMb: number): GuestFailure {
  const o = (dumped && typeof dumped === 'object' ? dumped : { message: String(dumped) }) as { name?: string; message?: string; code?: string; permission?: string; target?: string; stack?: string };
  const message = o.message ?? String(dumped);
  if (o.name === 'InternalError' && /interrupted/.test(message)) return new GuestFailure('CallTimeout', `the extension ran for more than ${cpuMs} ms without yielding and was interrupted (performance.limits.cpu_ms)`);
  if (/out of memory/i.test(message)) return new GuestFailure('OutOfMemory', `the extension exceeded its memory limit of ${memoryMb} MB (performance.limits.memory_mb)`);
  if (o.code === 'PermissionDenied') return new GuestFailure('PermissionDenied', message, o.permission, o.target);
  if (typeof o.code === 'string' && /^[A-Z][A-Za-z]+$/.test(o.code)) return new GuestFailure(o.code, message);
  return new GuestFailure('CommandFailed', o.name && o.name !== 'Error' ? `${o.name}: ${message}` : message);
}

class QuickJSInstance implements GuestInstance {
  private deadline = Infinity;
  private depth = 0;
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly inflight = new Set<(f: GuestFailure) => void>();
  private broken: GuestFailure | undefined;
  /** The guest has rejections nobody received yet; checked once the job queue is drained. */
  private rejected = false;
  private dispatcher!: QuickJSHandle;
  /** The dispatcher's invoke, looked up once instead of on every call. */
  private invokeFn!: QuickJSHandle;
  private settleCallFn!: QuickJSHandle;
  /** Commands whose handler returned a promise, by token, until the guest settles them. */
  private readonly waiting = new Map<number, { resolve: (json: string | undefined) => void; reject: (f: GuestFailure) => void }>();
  private nextToken = 1;
  private disposed = false;
  private readonly files: ReadonlyMap<string, string>;

  constructor(
    private readonly params: LoadParams,
    private readonly host: GuestHost,
    private readonly runtime: QuickJSRuntime,
    private readonly ctx: QuickJSContext,
  ) {
    this.files = new Map(Object.entries(params.files ?? {}));
    runtime.setMemoryLimit(params.memoryMb * 1024 * 1024);
    runtime.setMaxStackSize(512 * 1024);
    runtime.setInterruptHandler(() => Date.now() > this.deadline);
  }

  /** Runs guest code under the time budget (nested entries share the outer budget). */
  private enter<T>(fn: () => T): T {
    if (this.depth++ === 0) this.deadline = Date.now() + this.params.cpuMs;
    try {
      return fn();
    } finally {
      if (--this.depth === 0) this.deadline = Infinity;
    }
  }

  private unwrap(result: VmCallResult<QuickJSHandle>): QuickJSHandle {
    if ('error' in result && result.error) {
      const dumped = this.ctx.dump(result.error);
      result.error.dispose();
      throw failureOf(dumped, this.params.cpuMs, this.params.memoryMb);
    }
    return (result as { value: QuickJSHandle }).value;
  }

  /** Runs queued promise jobs; an engine-level failure (interrupt, out of memory) breaks the instance. */
  private pump(): void {
    if (this.disposed) return;
    const r = this.enter(() => this.runtime.executePendingJobs(-1));
    if ('error' in r && r.error) {
      const dumped = this.ctx.dump(r.error);
      r.error.dispose();
      const failure = failureOf(dumped, this.params.cpuMs, this.params.memoryMb);
      if (failure.code === 'CallTimeout' || failure.code === 'OutOfMemory') this.breakWith(failure);
      else this.host.reportError('unhandledRejection', failure.message);
      return;
    }
    if (this.rejected) this.reportUnhandled();
  }

  /** Reports the rejections that are still unreceived now that every queued job has run. */
  private reportUnhandled(): void {
    this.rejected = false;
    if (this.broken) return;
    let messages: string[];
    try {
      messages = JSON.parse(this.callDispatcherSync('takeUnhandled') ?? '[]') as string[];
    } catch (e) {
      const failure = e instanceof GuestFailure ? e : new GuestFailure('CommandFailed', String(e));
      if (failure.code === 'CallTimeout' || failure.code === 'OutOfMemory') this.breakWith(failure);
      return;
    }
    for (const m of messages) this.host.reportError('unhandledRejection', m);
  }

  private callDispatcherSync(method: string): string | undefined {
    return this.enter(() => {
      const f = this.ctx.getProp(this.dispatcher, method);
      try {
        const h = this.unwrap(this.ctx.callFunction(f, this.dispatcher));
        const v = this.ctx.typeof(h) === 'string' ? this.ctx.getString(h) : undefined;
        h.dispose();
        return v;
      } finally {
        f.dispose();
      }
    });
  }

  /** Hands a capability call's answer to the guest and runs what it unblocked. */
  private settleCall(id: number, ok: boolean, json: string | undefined): void {
    if (this.disposed || this.broken) return;
    const ctx = this.ctx;
    try {
      this.enter(() => {
        const hs = [ctx.newNumber(id), ok ? ctx.true : ctx.false, json === undefined ? ctx.undefined : ctx.newString(json)];
        try {
          this.unwrap(ctx.callFunction(this.settleCallFn, this.dispatcher, ...hs)).dispose();
        } finally {
          for (const h of hs) h.dispose();
        }
      });
    } catch (e) {
      const failure = e instanceof GuestFailure ? e : new GuestFailure('CommandFailed', String(e));
      if (failure.code === 'CallTimeout' || failure.code === 'OutOfMemory') this.breakWith(failure);
      else this.host.reportError('uncaughtException', failure.message);
    }
    this.pump();
  }

  private breakWith(failure: GuestFailure): void {
    this.broken = failure;
    this.waiting.clear();
    for (const reject of this.inflight) reject(failure);
    this.inflight.clear();
  }

  install(): void {
    const ctx = this.ctx;
    const raw = ctx.newObject();
    const fn = (name: string, impl: (...args: QuickJSHandle[]) => QuickJSHandle | undefined) => {
      const h = ctx.newFunction(name, (...args) => {
        try {
          return impl(...args);
        } catch (e) {
          return { error: ctx.newError({ name: 'Error', message: e instanceof Error ? e.message : String(e) }) };
        }
      });
      ctx.setProp(raw, name, h);
      h.dispose();
    };
    // The guest holds the promise of each call; the answer goes back as JSON text by id.
    fn('call', (nameH, argsH, idH) => {
      const name = ctx.getString(nameH);
      const args = JSON.parse(ctx.getString(argsH)) as unknown[];
      const id = ctx.getNumber(idH);
      this.host.call(name as never, args).then(
        (value) => this.settleCall(id, true, value === undefined ? undefined : JSON.stringify(value)),
        (e: unknown) => {
          const err = e as { code?: string; message?: string; permission?: string; target?: string };
          this.settleCall(id, false, JSON.stringify({ code: err.code ?? 'CapabilityFailed', message: err.message ?? String(e), permission: err.permission, target: err.target }));
        },
      );
      return undefined;
    });
    fn('log', (levelH, textH) => {
      const level = ctx.getString(levelH) as 'info';
      this.host.log(['debug', 'info', 'warn', 'error'].includes(level) ? level : 'info', ctx.getString(textH));
      return undefined;
    });
    fn('setTimer', (idH, msH, repeatH) => {
      if (this.timers.size >= MAX_TIMERS) throw new Error(`too many timers (limit ${MAX_TIMERS})`);
      const id = ctx.getNumber(idH);
      const ms = Math.max(0, Math.min(ctx.getNumber(msH), 2 ** 31 - 1));
      const repeat = ctx.dump(repeatH) === true;
      const fire = () => {
        if (!repeat) this.timers.delete(id);
        this.fireTimer(id);
      };
      this.timers.set(id, repeat ? setInterval(fire, ms) : setTimeout(fire, ms));
      return undefined;
    });
    fn('clearTimer', (idH) => {
      const id = ctx.getNumber(idH);
      clearTimeout(this.timers.get(id));
      this.timers.delete(id);
      return undefined;
    });
    fn('settle', (tokenH, okH, valueH) => {
      const waiter = this.waiting.get(ctx.getNumber(tokenH));
      if (!waiter) return undefined;
      this.waiting.delete(ctx.getNumber(tokenH));
      this.inflight.delete(waiter.reject);
      if (ctx.dump(okH) === true) waiter.resolve(ctx.typeof(valueH) === 'string' ? ctx.getString(valueH) : undefined);
      else waiter.reject(failureOf(ctx.dump(valueH), this.params.cpuMs, this.params.memoryMb));
      return undefined;
    });
    fn('rejected', () => {
      this.rejected = true;
      return undefined;
    });
    fn('resolve', (specH, parentH) => ctx.newString(resolveSnapshotModule(ctx.getString(specH), ctx.getString(parentH), this.params.dir, this.files)));
    fn('source', (fileH) => ctx.newString(this.readModule(ctx.getString(fileH))));
    fn('dirname', (fileH) => ctx.newString(path.dirname(ctx.getString(fileH))));
    fn('compile', (fileH) => {
      const file = ctx.getString(fileH);
      const wrapped = `(function (exports, require, module, __filename, __dirname, ${PEND}, ${DELIVER}) {${instrumentRejections(this.readModule(file))}\n})`;
      return this.unwrap(ctx.evalCode(wrapped, file));
    });
    const bootstrap = this.enter(() => this.unwrap(ctx.evalCode(QUICKJS_BOOTSTRAP, 'symphony:bootstrap')));
    this.dispatcher = this.enter(() => this.unwrap(ctx.callFunction(bootstrap, ctx.undefined, raw)));
    this.invokeFn = ctx.getProp(this.dispatcher, 'invoke');
    this.settleCallFn = ctx.getProp(this.dispatcher, 'settleCall');
    bootstrap.dispose();
    raw.dispose();
  }

  private readModule(file: string): string {
    const source = this.files.get(file);
    if (source === undefined) throw new GuestFailure('CommandFailed', `the module "${file}" was not sent to the sandbox`);
    return source;
  }

  private fireTimer(id: number): void {
    if (this.disposed || this.broken) return;
    try {
      this.enter(() => {
        const f = this.ctx.getProp(this.dispatcher, 'fireTimer');
        const idH = this.ctx.newNumber(id);
        const r = this.ctx.callFunction(f, this.dispatcher, idH);
        f.dispose();
        idH.dispose();
        this.unwrap(r).dispose();
      });
    } catch (e) {
      const failure = e instanceof GuestFailure ? e : new GuestFailure('CommandFailed', String(e));
      if (failure.code === 'CallTimeout' || failure.code === 'OutOfMemory') this.breakWith(failure);
      this.host.reportError('timer', `a timer callback failed: ${failure.message}`);
    }
    this.pump();
  }

  private callDispatcher(method: string, ...args: (string | undefined)[]): Promise<string | undefined> {
    if (this.broken) return Promise.reject(new GuestFailure('SandboxUnavailable', `the extension was stopped earlier (${this.broken.message}) and must be restarted`));
    const ctx = this.ctx;
    const promise = this.enter(() => {
      const f = ctx.getProp(this.dispatcher, method);
      const handles = args.map((a) => (a === undefined ? ctx.undefined : ctx.newString(a)));
      try {
        return this.unwrap(ctx.callFunction(f, this.dispatcher, ...handles));
      } finally {
        f.dispose();
        for (const h of handles) h.dispose();
      }
    });
    const settled = ctx.resolvePromise(promise);
    promise.dispose();
    const result = new Promise<string | undefined>((resolve, reject) => {
      this.inflight.add(reject);
      settled.then((r) => {
        this.inflight.delete(reject);
        try {
          const h = this.unwrap(r);
          const v = ctx.typeof(h) === 'string' ? ctx.getString(h) : undefined;
          h.dispose();
          resolve(v);
        } catch (e) {
          reject(e);
        }
      }, reject);
    });
    this.pump();
    return result;
  }

  async activate(): Promise<string[]> {
    const ids = await this.callDispatcher('activate', this.params.entry);
    return ids ? (JSON.parse(ids) as string[]) : [];
  }

  async invoke(command: string, args: unknown): Promise<unknown> {
    const json = await this.invokeGuest(command, args === undefined ? undefined : JSON.stringify(args));
    return json === undefined ? undefined : JSON.parse(json);
  }

  /**
   * Calls a command handler: a plain result comes back from the call itself, a promise's result
   * through raw.settle once the guest's jobs ran (no promise handles or callbacks made per call).
   */
  private invokeGuest(command: string, argsJson: string | undefined): Promise<string | undefined> {
    if (this.broken) return Promise.reject(new GuestFailure('SandboxUnavailable', `the extension was stopped earlier (${this.broken.message}) and must be restarted`));
    const ctx = this.ctx;
    const token = this.nextToken++;
    let answer: QuickJSHandle;
    try {
      answer = this.enter(() => {
        const handles = [ctx.newString(command), argsJson === undefined ? ctx.undefined : ctx.newString(argsJson), ctx.newNumber(token)];
        try {
          return this.unwrap(ctx.callFunction(this.invokeFn, this.dispatcher, ...handles));
        } finally {
          for (const h of handles) h.dispose();
        }
      });
    } catch (e) {
      this.pump();
      return Promise.reject(e);
    }
    const kind = ctx.typeof(answer);
    const value = kind === 'string' ? ctx.getString(answer) : undefined;
    answer.dispose();
    if (kind !== 'number') {
      this.pump();
      return Promise.resolve(value);
    }
    const result = new Promise<string | undefined>((resolve, reject) => {
      this.waiting.set(token, { resolve, reject });
      this.inflight.add(reject);
    });
    this.pump();
    return result;
  }

  dispatchBus(subscription: number, channel: string, data: unknown): void {
    if (this.disposed || this.broken) return;
    try {
      this.enter(() => {
        const f = this.ctx.getProp(this.dispatcher, 'dispatchBus');
        const hs = [this.ctx.newNumber(subscription), this.ctx.newString(channel), this.ctx.newString(JSON.stringify(data ?? null))];
        const r = this.ctx.callFunction(f, this.dispatcher, ...hs);
        f.dispose();
        for (const h of hs) h.dispose();
        this.unwrap(r).dispose();
      });
    } catch (e) {
      this.host.reportError('uncaughtException', `a bus handler failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.pump();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.breakWith(new GuestFailure('SandboxUnavailable', 'the extension was unloaded'));
    // The whole WebAssembly instance is dropped with this object; freeing the runtime piecemeal
    // would assert on any handle a guest kept alive, so it is left to the garbage collector.
  }
}

/** Creates a QuickJS instance (own WebAssembly memory) for one extension. */
export async function createQuickJSInstance(params: LoadParams, host: GuestHost): Promise<GuestInstance> {
  const module = await newQuickJSModule(params.memoryMb);
  const runtime = module.newRuntime();
  const context = runtime.newContext();
  const instance = new QuickJSInstance(params, host, runtime, context);
  instance.install();
  return instance;
}
