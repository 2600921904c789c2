import { performance } from 'node:perf_hooks';
import type { Disposable } from '../base/disposable';
import type { JsonObject, JsonValue } from '../operators/operator';
import { PythonError } from './python-errors';
import { PythonMethods, type DescribeResult, type ExecuteParams, type ExecuteResult } from './python-protocol';
import { maxPayloadBytes, pythonSettings, type PythonSettings } from './python-settings';
import type { PythonPoolOptions, PythonPoolStats } from './python-pool-options';
import { PythonWorker } from './python-worker';
import { type ResolvedInterpreter, resolvePythonInterpreter } from './resolve-interpreter';
import { findRuntimeDir } from './runtime-location';
import { type PipelinePolicy, type PoolJob as Job, type PythonCallOptions, WorkerSlot as Slot } from './worker-slot';

export type { PythonPoolOptions, PythonPoolStats } from './python-pool-options';
export type { PipelinePolicy, PythonCallOptions } from './worker-slot';

const DEFAULT_PIPELINE: PipelinePolicy = { depth: 16, maxCallMs: 2 };

export const UNTRUSTED_MESSAGE =
  'Python operators are disabled because this workspace is not trusted: running them would execute code from this folder. ' +
  'If you trust its contents, run "Workspaces: Manage Workspace Trust" and choose "Trust", then run again.';

/**
 * A pool of Python workers: a bounded queue, per-call timeouts, cancellation with a grace period
 * (then kill and replace), and restart with backoff after crashes. When every worker is busy and
 * the calls are quick, further calls are pipelined to a worker (sent before the previous answer
 * arrives), so its process goes from one call to the next without waiting for a round trip.
 */
export class PythonWorkerPool implements Disposable {
  readonly settings: PythonSettings;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private readonly roomWaiters: Array<() => void> = [];
  private interpreter: Promise<ResolvedInterpreter | string> | undefined;
  private runtimeDir: string | undefined;
  private generation = 0;
  private consecutiveCrashes = 0;
  private crashes = 0;
  private started = 0;
  private nextSpawnAt = 0;
  private spawnTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private disposed = false;
  private readonly pipeline: PipelinePolicy;

  constructor(private readonly options: PythonPoolOptions = {}) {
    this.settings = pythonSettings(options.settings);
    this.pipeline = options.pipeline ?? DEFAULT_PIPELINE;
    const heartbeat = options.heartbeat ?? { everyMs: 30_000, timeoutMs: 10_000 };
    if (heartbeat.everyMs > 0) {
      this.heartbeatTimer = setInterval(() => this.heartbeat(heartbeat.timeoutMs), heartbeat.everyMs);
      this.heartbeatTimer.unref();
    }
  }

  /** Calls `module:function(*args, **kwargs)` and returns its JSON result. */
  call<R = JsonValue>(entry: string, args: JsonValue[] = [], kwargs?: JsonObject, options: PythonCallOptions = {}): Promise<R> {
    return this.request<R>(PythonMethods.call, kwargs ? { entry, args, kwargs } : { entry, args }, { what: entry, ...options });
  }

  /** Runs an operator function with the item convention. */
  execute(params: ExecuteParams, options: PythonCallOptions = {}): Promise<ExecuteResult> {
    return this.request<ExecuteResult>(PythonMethods.execute, params, { what: params.entry, ...options });
  }

  /** Imports a module and lists the operators its `@operator` decorators declared. */
  describe(module: string, options: PythonCallOptions = {}): Promise<DescribeResult> {
    return this.request<DescribeResult>(PythonMethods.describe, { module }, { what: `module ${module}`, ...options });
  }

  /** Sends any worker method through the queue. */
  request<R>(method: string, params: unknown, options: PythonCallOptions = {}): Promise<R> {
    const what = options.what ?? method;
    const paramsJson = JSON.stringify(params) ?? 'null';
    const refused = this.refusal(paramsJson, what);
    if (refused) return Promise.reject(refused);
    if (options.signal?.aborted) return Promise.reject(new PythonError('PythonCancelled', `${what} was cancelled before it started.`));
    return new Promise<R>((resolve, reject) => {
      const job: Job = { method, paramsJson, options, what, resolve: resolve as (v: unknown) => void, reject, done: false, attempt: 0, sentAt: 0 };
      if (options.signal) {
        const onAbort = () => this.abort(job);
        options.signal.addEventListener('abort', onAbort, { once: true });
        job.unlisten = () => options.signal!.removeEventListener('abort', onAbort);
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Starts every worker now instead of on the first calls; rejects if Python cannot start. */
  async warmUp(): Promise<void> {
    const refused = this.refusal(undefined, 'warm-up');
    if (refused) throw refused;
    const missing = this.settings.poolSize - this.slots.size;
    const starts: Array<Promise<void>> = [];
    for (let i = 0; i < missing; i++) starts.push(this.spawn(true));
    await Promise.all(starts);
  }

  /** Resolves when the queue has room again (back-pressure for producers of many calls). */
  waitForRoom(): Promise<void> {
    if (this.waiting() < this.settings.maxQueue) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** Replaces every worker (after operator code changed): idle ones now, busy ones after their call. */
  recycle(): void {
    this.generation++;
    for (const slot of this.slots) if (slot.worker && slot.jobs.length === 0) this.retire(slot);
  }

  get stats(): PythonPoolStats {
    let busy = 0;
    let starting = 0;
    let inFlight = 0;
    for (const slot of this.slots) {
      if (!slot.worker) starting++;
      else if (slot.jobs.length > 0) busy++;
      inFlight += slot.jobs.length;
    }
    return { workers: this.slots.size, busy, starting, queued: this.waiting(), crashes: this.crashes, started: this.started, inFlight };
  }

  /** The pids of live workers (tests kill them to prove recovery). */
  get workerPids(): number[] {
    return [...this.slots].map((s) => s.worker?.pid).filter((p): p is number => p !== undefined);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.spawnTimer);
    clearInterval(this.heartbeatTimer);
    const gone = new PythonError('PythonPoolDisposed', 'The Python worker pool was shut down before the call finished.');
    for (const job of this.queue.splice(0)) this.settle(job, gone);
    for (const slot of this.slots) {
      slot.dispose();
      if (slot.jobs.length > 0) {
        for (const job of slot.jobs) job.stopError = gone;
        slot.worker?.kill('the pool was shut down');
      } else {
        slot.worker?.dispose();
      }
    }
    this.slots.clear();
    for (const wake of this.roomWaiters.splice(0)) wake();
  }

  /** Pings idle workers; one that does not answer in time is stopped like a call that timed out. */
  private heartbeat(timeoutMs: number): void {
    for (const slot of this.slots) {
      if (!slot.worker || slot.jobs.length > 0) continue;
      const job: Job = {
        method: PythonMethods.ping,
        paramsJson: 'null',
        options: { timeoutMs },
        what: 'the heartbeat',
        resolve: () => undefined,
        reject: (err) => this.options.onLog?.('warn', `Python worker ${slot.worker?.pid ?? ''} missed its heartbeat: ${err.message}`),
        done: false,
        attempt: 0,
        sentAt: 0,
      };
      this.run(slot, job);
    }
  }

  private refusal(paramsJson: string | undefined, what: string): PythonError | undefined {
    if (this.disposed) return new PythonError('PythonPoolDisposed', `The Python worker pool is shut down; ${what} was not run.`);
    if (this.options.isTrusted && !this.options.isTrusted()) return new PythonError('PythonUntrusted', UNTRUSTED_MESSAGE);
    if (paramsJson !== undefined) {
      const limit = maxPayloadBytes(this.settings);
      // UTF-8 needs at most 3 bytes per UTF-16 unit, so most calls skip counting bytes at all.
      const bytes = paramsJson.length * 3 <= limit ? 0 : Buffer.byteLength(paramsJson);
      if (bytes > limit) {
        return new PythonError(
          'PythonPayloadTooLarge',
          `The input of ${what} is ${mb(bytes)} MB, over the ${mb(limit)} MB limit. Send less data per call, or raise "symphony.python.maxPayloadMB".`,
          { bytes, limit },
        );
      }
    }
    const waiting = this.waiting();
    if (waiting >= this.settings.maxQueue) {
      return new PythonError(
        'PythonQueueFull',
        `${waiting} Python calls are already waiting, the most "symphony.python.maxQueue" allows; ${what} was refused. Wait for calls to finish or raise the limit.`,
      );
    }
    return undefined;
  }

  private pump(): void {
    if (this.disposed) return;
    while (this.queue.length > 0) {
      const slot = this.pickSlot();
      if (!slot) break;
      this.run(slot, this.queue.shift()!);
    }
    let starting = 0;
    for (const slot of this.slots) if (!slot.worker) starting++;
    if (this.queue.length > starting && this.slots.size < this.settings.poolSize) this.scheduleSpawn();
    while (this.roomWaiters.length > 0 && this.waiting() < this.settings.maxQueue) this.roomWaiters.shift()!();
  }

  /** Calls not started yet: queued here, or pipelined to a worker behind its running call. */
  private waiting(): number {
    let count = this.queue.length;
    for (const slot of this.slots) if (slot.jobs.length > 1) count += slot.jobs.length - 1;
    return count;
  }

  /** An idle worker; else, once the pool is full, the least loaded worker that answers quickly. */
  private pickSlot(): Slot | undefined {
    let best: Slot | undefined;
    const full = this.slots.size >= this.settings.poolSize;
    for (const slot of this.slots) {
      if (!slot.worker || slot.generation !== this.generation) continue;
      if (slot.jobs.length === 0) return slot;
      if (full && (!best || slot.jobs.length < best.jobs.length) && slot.acceptsPipelined(this.pipeline)) best = slot;
    }
    return best;
  }

  private scheduleSpawn(): void {
    const wait = this.nextSpawnAt - Date.now();
    if (wait <= 0) {
      void this.spawn(false);
      return;
    }
    if (this.spawnTimer) return;
    this.spawnTimer = setTimeout(() => {
      this.spawnTimer = undefined;
      this.pump();
    }, wait);
  }

  private async spawn(rethrow: boolean): Promise<void> {
    const slot = new Slot(this.generation);
    this.slots.add(slot);
    let worker: PythonWorker;
    try {
      const interpreter = await this.resolveInterpreter();
      worker = await PythonWorker.start({
        // The real executable, not a launcher shim (pyenv, asdf), saves a shell start per worker.
        command: typeof interpreter === 'string' ? interpreter : interpreter.executable,
        runtimeDir: (this.runtimeDir ??= this.options.runtimeDir ?? findRuntimeDir()),
        paths: this.options.paths,
        cwd: this.options.cwd,
        env: this.options.env,
        maxPayloadBytes: maxPayloadBytes(this.settings),
        onLog: this.options.onLog,
      });
    } catch (err) {
      this.slots.delete(slot);
      this.onStartFailure(err as Error);
      if (rethrow) throw err;
      return;
    }
    this.started++;
    if (this.disposed) {
      worker.dispose();
      return;
    }
    slot.worker = worker;
    worker.onDidExit((exit) => this.onWorkerExit(slot, exit.reason === undefined));
    this.pump();
  }

  private resolveInterpreter(): Promise<ResolvedInterpreter | string> {
    if (this.options.interpreter) return Promise.resolve(this.options.interpreter);
    this.interpreter ??= resolvePythonInterpreter({ source: this.options.source, settingPath: this.settings.path, env: this.options.env });
    return this.interpreter;
  }

  private onStartFailure(err: Error): void {
    this.interpreter = undefined; // Python may be installed or fixed before the next attempt
    this.noteCrash();
    this.options.onLog?.('error', err.message);
    // With no worker alive nothing queued can run: fail it now rather than let it wait forever.
    if ([...this.slots].some((s) => s.worker)) return;
    for (const job of this.queue.splice(0)) this.settle(job, err);
    for (const wake of this.roomWaiters.splice(0)) wake();
  }

  private noteCrash(): void {
    this.crashes++;
    this.consecutiveCrashes++;
    const { initial, max } = this.options.restartBackoffMs ?? { initial: 100, max: 10_000 };
    this.nextSpawnAt = Date.now() + Math.min(max, initial * 2 ** (this.consecutiveCrashes - 1));
  }

  private run(slot: Slot, job: Job): void {
    slot.jobs.push(job);
    const attempt = ++job.attempt;
    job.sentAt = performance.now();
    job.requestId = slot.worker!.send(job.method, job.paramsJson, {
      what: job.what,
      onLog: job.options.onLog,
      onProgress: job.options.onProgress,
      // An answer to an earlier sending (its worker died before starting it) is stale: ignore it.
      settle: (err, value) => {
        if (job.attempt === attempt) this.finish(slot, job, err, value);
      },
    });
    if (slot.jobs.length === 1) this.begin(slot, job);
  }

  /** The job is now the one the worker runs: its timeout counts from here. */
  private begin(slot: Slot, job: Job): void {
    if (job.stopError) return this.armGrace(slot, job);
    const timeoutMs = job.options.timeoutMs ?? this.settings.callTimeoutMs;
    if (timeoutMs <= 0) return;
    job.deadline = performance.now() + timeoutMs;
    slot.watchDeadline(job.deadline, (due) => {
      const ms = due.options.timeoutMs ?? this.settings.callTimeoutMs;
      this.stop(due, slot, new PythonError('PythonTimeout', `${due.what} did not finish within ${ms} ms and was stopped. Make it faster, or raise its timeout.`, { timeoutMs: ms }));
    });
  }

  private abort(job: Job): void {
    if (job.done) return;
    const index = this.queue.indexOf(job);
    if (index >= 0) {
      this.queue.splice(index, 1);
      this.settle(job, new PythonError('PythonCancelled', `${job.what} was cancelled before it started.`));
      this.pump();
      return;
    }
    const slot = [...this.slots].find((s) => s.jobs.includes(job));
    if (slot) this.stop(job, slot, new PythonError('PythonCancelled', `${job.what} was cancelled.`));
  }

  /** Asks the worker to cancel; a call still running after the grace period costs its worker. */
  private stop(job: Job, slot: Slot, error: PythonError): void {
    if (job.done || job.stopError) return;
    job.stopError = error;
    if (job.requestId !== undefined) slot.worker?.cancel(job.requestId);
    // A job still waiting in the worker's pipe has not started: it fails now, and the worker skips it.
    if (slot.jobs[0] === job) this.armGrace(slot, job);
    else this.settle(job, error);
  }

  private armGrace(slot: Slot, job: Job): void {
    const grace = this.settings.cancelGraceMs;
    const error = job.stopError!;
    job.graceTimer = setTimeout(() => {
      if (!slot.jobs.includes(job)) return;
      if (!job.done) job.stopError = new PythonError(error.code, `${error.message} It ignored the request to stop for ${grace} ms, so its Python worker was killed and replaced.`, error.details);
      slot.worker?.kill(`the call did not stop within ${grace} ms of being cancelled`);
    }, grace);
  }

  private finish(slot: Slot, job: Job, err: Error | undefined, value?: unknown): void {
    clearTimeout(job.graceTimer);
    if (slot.remove(job) && slot.jobs.length > 0) this.begin(slot, slot.jobs[0]!);
    if (!err) this.consecutiveCrashes = 0;
    this.settle(job, job.stopError ?? err, value);
    if (slot.worker?.alive && slot.jobs.length === 0 && slot.generation !== this.generation) this.retire(slot);
    this.pump();
  }

  private settle(job: Job, err: Error | undefined, value?: unknown): void {
    if (job.done) return;
    job.done = true;
    job.unlisten?.();
    if (err) job.reject(err);
    else job.resolve(value);
  }

  private retire(slot: Slot): void {
    this.slots.delete(slot);
    slot.worker?.dispose();
    this.pump();
  }

  private onWorkerExit(slot: Slot, unexpected: boolean): void {
    slot.dispose();
    // The running job fails with the crash; the ones behind it never started, so they run again
    // on another worker, in their order (their answers from this worker are ignored).
    if (!this.disposed) {
      const waiting = slot.jobs.splice(1).filter((job) => !job.done);
      for (const job of waiting) {
        job.attempt++;
        job.requestId = undefined;
      }
      this.queue.unshift(...waiting);
    }
    if (!this.slots.delete(slot) || this.disposed) return;
    if (unexpected) {
      this.noteCrash();
      this.options.onLog?.('warn', `Python worker ${slot.worker?.pid ?? ''} exited unexpectedly; a new one starts in ${Math.max(0, this.nextSpawnAt - Date.now())} ms.`);
    }
    // Keep the pool warm: replace the worker (after the backoff) even if nothing is queued yet.
    if (this.slots.size < this.settings.poolSize) {
      const wait = Math.max(0, this.nextSpawnAt - Date.now());
      setTimeout(() => {
        if (!this.disposed && this.slots.size < this.settings.poolSize) void this.spawn(false);
      }, wait).unref();
    }
    this.pump();
  }
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
