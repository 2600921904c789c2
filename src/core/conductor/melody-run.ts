import { Emitter, type Event } from '../base/event';
import { type Item, type JsonValue, type LogLevel, OperatorError, type OperatorServices, type PortItems } from '../operators/operator';
import type { CompiledMelody, CompiledNode } from './graph';
import { abortMessage, toRunError, withTimeout } from './node-attempt';
import { NodeContext, type NodeHost } from './node-context';
import { type FanIn, fanInOf, type PlannedRun, planBranchRuns } from './branch-runs';
import { fallbackOutputs, normalizeOutputs } from './node-outputs';
import { missingRequiredInput } from './required-inputs';
import { ReadyQueue } from './ready-queue';
import { backoffDelay, sleep } from './retry-policy';
import { RunRecords } from './run-data-view';
import { planRerun } from './run-from-node';
import type { RunEvent } from './run-events';
import type { InputRequest, RequestInput, RunEnvironment, RunOptions } from './run-options';
import type { NodeResult, RunResult } from './run-result';
import {
  canTransition, type FinalRunStatus, NODE_COMPLETED, NODE_FAILED, NODE_PENDING, NODE_QUEUED, NODE_RUNNING, NODE_SKIPPED,
  NODE_STATE_NAMES, type RunError, type RunStatus,
} from './run-state';

export type { InputRequest, RequestInput, RunEnvironment, RunOptions } from './run-options';

const NO_ITEMS: Item[] = [];

/**
 * One execution of a compiled melody. Nodes become ready when every connection into them has
 * delivered (Kahn's algorithm, smallest id first); pump() starts ready nodes up to the concurrency
 * limit, at the start and whenever a node settles. Nodes that need no operator call (skipped,
 * disabled, reused) settle inside pump's loop and a settling node starts from a fresh promise
 * callback, so even a 100,000-node chain never deepens the stack. Per-node state lives in typed
 * arrays indexed by node number.
 */
export class MelodyRun implements NodeHost {
  private readonly emitter = new Emitter<RunEvent>();
  /** Every event of this run, in order. */
  readonly onDidEmit: Event<RunEvent> = this.emitter.event;

  readonly runId: string;
  private currentStatus: RunStatus = 'Pending';
  private readonly n: number;
  private readonly states: Uint8Array;
  private readonly pending: Int32Array;
  private readonly attempts: Uint16Array;
  private readonly itemsIn: Int32Array;
  private readonly startTimes: Float64Array;
  private readonly durations: Float64Array;
  private readonly outputs: Array<Item[][] | undefined>;
  /** Every run's outputs, for nodes that ran more than once (n8n's fan-in; see branch-runs.ts). */
  private readonly runOutputs: Array<Item[][][] | undefined>;
  private readonly fanIn: FanIn;
  private readonly edgeItems: Array<Item[] | undefined>;
  private readonly errors = new Map<number, RunError>();
  private readonly reasons = new Map<number, string>();
  private readonly order: string[] = [];
  private readonly ready: ReadyQueue;
  private readonly controller = new AbortController();
  private readonly concurrency: number;
  private readonly initialItems: Item[];
  private running = 0;
  private paused = false;
  private started = false;
  private finished = false;
  private stopStatus: FinalRunStatus | undefined;
  private stopError: RunError | undefined;
  private wakeUp: (() => void) | undefined;
  private rerun: Uint8Array | undefined;
  private reused: Uint8Array | undefined;
  private previous: Map<string, Item[][]> | undefined;
  private setupError: RunError | undefined;
  private readonly waits = new Map<string, { resolve: (v: JsonValue) => void; reject: (e: Error) => void }>();
  private nextRequest = 0;

  readonly runData: RunRecords;
  readonly workspaceRoot: string;
  readonly services: OperatorServices;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly now: Date;
  readonly extra: Record<string, JsonValue>;

  constructor(
    readonly graph: CompiledMelody,
    env: RunEnvironment,
    private readonly opts: RunOptions = {},
  ) {
    const n = (this.n = graph.nodes.length);
    this.runId = opts.runId ?? `${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
    this.states = new Uint8Array(n);
    this.pending = new Int32Array(n);
    this.attempts = new Uint16Array(n);
    this.itemsIn = new Int32Array(n);
    this.startTimes = new Float64Array(n);
    this.durations = new Float64Array(n);
    this.outputs = new Array(n);
    this.runOutputs = new Array(n);
    this.fanIn = fanInOf(graph);
    this.edgeItems = new Array(graph.src.length);
    this.ready = new ReadyQueue(graph.ids);
    const melodyConfig = graph.melody.config;
    this.concurrency = Math.max(1, opts.concurrency ?? melodyConfig?.concurrency ?? graph.config.concurrency);
    this.initialItems = (opts.input ?? [{}]).map((json) => ({ json }));
    this.runData = new RunRecords(graph, this.outputs, this.edgeItems);
    this.workspaceRoot = env.workspaceRoot;
    const requestInput: RequestInput = (request) => this.requestInput(request.nodeId, request.prompt);
    this.services = { ...env.services, requestInput };
    this.env = env.env;
    this.now = env.now?.() ?? new Date();
    this.extra = { $workflow: { name: graph.melody.name }, $execution: { id: this.runId, mode: 'manual' } };
    if (opts.fromNode !== undefined) this.prepareRerun(opts.fromNode);
  }

  get status(): RunStatus {
    return this.currentStatus;
  }

  /** Stops starting nodes; those already running finish. */
  pause(): void {
    if (this.currentStatus !== 'Running' && this.currentStatus !== 'WaitingForInput') return;
    this.paused = true;
    this.setStatus('Paused');
  }

  resume(): void {
    if (this.currentStatus !== 'Paused') return;
    this.paused = false;
    this.setStatus('Running');
    if (this.waits.size > 0) this.setStatus('WaitingForInput');
    this.pump();
  }

  /** Ends the run as Cancelled; running operators see their AbortSignal fire. */
  cancel(reason = 'the run was cancelled'): void {
    this.stop('Cancelled', { code: 'Cancelled', message: reason });
  }

  /** Answers an input request (see RunOptions.answerInput); false if it is not pending. */
  provideInput(requestId: string, value: JsonValue): boolean {
    const wait = this.waits.get(requestId);
    if (!wait) return false;
    this.waits.delete(requestId);
    if (this.waits.size === 0 && this.currentStatus === 'WaitingForInput') this.setStatus('Running');
    wait.resolve(value);
    return true;
  }

  private requestInput(nodeId: string, prompt: string): Promise<JsonValue> {
    if (this.finished || this.stopStatus) return Promise.reject(new OperatorError('Cancelled', 'the run has ended'));
    const request: InputRequest = { requestId: `${this.runId}:${++this.nextRequest}`, nodeId, prompt };
    if (this.emitter.listenerCount > 0) this.emitter.fire({ type: 'inputRequested', runId: this.runId, ...request });
    if (this.opts.answerInput) return this.opts.answerInput(request);
    return new Promise<JsonValue>((resolve, reject) => {
      this.waits.set(request.requestId, { resolve, reject });
      if (this.currentStatus === 'Running') this.setStatus('WaitingForInput');
    });
  }

  /** Runs the melody to the end. A run executes once. */
  async execute(): Promise<RunResult> {
    if (this.started) throw new Error('a MelodyRun executes once; create another run');
    this.started = true;
    const startedAt = new Date();
    const t0 = performance.now();
    const g = this.graph;
    const emit = this.emitter.listenerCount > 0;
    if (emit) this.emitter.fire({ type: 'runStarted', runId: this.runId, melody: g.melody.name, nodeCount: this.n, at: startedAt.toISOString() });
    this.setStatus('Running');

    const signal = this.opts.signal;
    const onAbort = () => this.cancel(abortMessage(signal!));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    const timeoutMs = this.opts.timeoutMs ?? g.melody.config?.timeoutMs ?? g.config.timeouts.runMs;
    const timer = timeoutMs ? setTimeout(() => this.stop('Failed', { code: 'RunTimeout', message: `the run did not finish within ${timeoutMs} ms; raise "timeoutMs" in the melody's config or in .symphony/conductor.json` }), timeoutMs) : undefined;
    if (this.setupError) this.stop('Failed', this.setupError);

    for (let i = 0; i < this.n; i++) {
      const count = g.inStart[i + 1]! - g.inStart[i]!;
      this.pending[i] = count;
      if (count === 0) {
        this.states[i] = NODE_QUEUED;
        this.ready.push(i);
      }
    }
    try {
      // Nodes are started by pump(), here and each time a node settles; this loop only sleeps
      // until the run is over (or stopped), so a settled node costs no extra wake-up.
      this.pump();
      while (!this.stopStatus && !(this.running === 0 && this.ready.size === 0)) {
        await new Promise<void>((resolve) => (this.wakeUp = resolve));
      }
    } finally {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    return this.finish(startedAt, performance.now() - t0);
  }

  // ---- scheduling -------------------------------------------------------------------------

  private dispatch(i: number): void {
    const g = this.graph;
    const node = g.nodes[i]!;
    if (this.rerun && !this.rerun[i]) {
      const earlier = this.previous!.get(node.id);
      if (earlier) {
        this.reused![i] = 1;
        this.complete(i, earlier);
        return;
      }
    }
    const lo = g.inStart[i]!;
    const hi = g.inStart[i + 1]!;
    // One connection from a node that ran once is the same either way; skip the planning.
    if (lo !== hi && this.fanIn === 'perBranch' && (hi - lo > 1 || this.runOutputs[g.src[lo]!])) {
      this.dispatchRuns(i, planBranchRuns(g, i, node.inputCount, this.deliveries));
      return;
    }
    let inputs: Item[][];
    let itemsIn = 0;
    if (lo === hi) {
      // A start node gets the run's input as inputs[0] even when it declares no input port
      // (a trigger has none), so `--input` reaches core.manual-trigger.
      inputs = [this.initialItems];
      for (let p = 1; p < node.inputCount; p++) inputs.push([]);
      itemsIn = this.initialItems.length;
    } else {
      inputs = new Array(node.inputCount);
      for (let p = 0; p < node.inputCount; p++) inputs[p] = NO_ITEMS;
      // One connection into a port hands its list over as is; several are appended into a new list
      // in connection order (appending, not concat per edge, keeps a 1000-way join linear).
      let owned: boolean[] | undefined;
      for (let e = lo; e < hi; e++) {
        const items = this.edgeItems[e];
        if (!items || items.length === 0) continue;
        const p = g.dstPort[e]!;
        const current = inputs[p];
        if (current === NO_ITEMS || current === undefined) inputs[p] = items;
        else {
          let target = current;
          if (!owned?.[p]) {
            target = inputs[p] = current.slice();
            (owned ??= [])[p] = true;
          }
          for (let k = 0; k < items.length; k++) target.push(items[k]!);
        }
        itemsIn += items.length;
      }
      for (let p = 0; p < inputs.length; p++) if (inputs[p] === NO_ITEMS || inputs[p] === undefined) inputs[p] = [];
      if (itemsIn === 0) {
        // n8n runs a node only when items reach it; a join runs when any of its inputs has items.
        this.skip(i, this.skipReason(i));
        return;
      }
      const missing = missingRequiredInput(node, inputs);
      if (missing !== undefined) {
        this.skip(i, `input ${missing + 1} received no items, and this node runs only when each of its required inputs has items`);
        return;
      }
    }
    this.itemsIn[i] = itemsIn;
    this.start(node, [{ inputs, sources: undefined }]);
  }

  /** n8n's fan-in: one execution per arrival (see planBranchRuns); runs missing a required input are dropped. */
  private dispatchRuns(i: number, planned: PlannedRun[]): void {
    const node = this.graph.nodes[i]!;
    if (planned.length === 0) {
      this.skip(i, this.skipReason(i));
      return;
    }
    const runs = planned.filter((run) => missingRequiredInput(node, run.inputs) === undefined);
    if (runs.length === 0) {
      const missing = missingRequiredInput(node, planned[0]!.inputs)!;
      this.skip(i, `input ${missing + 1} received no items, and this node runs only when each of its required inputs has items`);
      return;
    }
    let itemsIn = 0;
    for (const run of runs) for (const list of run.inputs) itemsIn += list.length;
    this.itemsIn[i] = itemsIn;
    this.start(node, runs);
  }

  private start(node: CompiledNode, runs: ReadonlyArray<{ inputs: Item[][]; sources: PlannedRun['sources'] | undefined }>): void {
    const i = node.index;
    if (node.disabled) {
      const outs = runs.map(({ inputs }) => {
        const out: Item[][] = [];
        for (let p = 0; p < Math.max(1, node.outputCount); p++) out.push(p === 0 ? (inputs.find((list) => list.length) ?? []) : []);
        return out;
      });
      this.complete(i, outs[outs.length - 1]!, outs.length > 1 ? outs : undefined);
      return;
    }
    this.states[i] = NODE_RUNNING;
    this.running++;
    this.order.push(node.id);
    this.startTimes[i] = performance.now();
    void this.runNode(node, runs).then(this.settled);
  }

  /** What edge e's source sent on it, one list per run of the source. */
  private readonly deliveries = (e: number): readonly Item[][] => {
    const g = this.graph;
    const runs = this.runOutputs[g.src[e]!];
    if (runs) return runs.map((out) => out[g.srcPort[e]!] ?? []);
    const items = this.edgeItems[e];
    return items ? [items] : [];
  };

  private readonly settled = (): void => {
    this.running--;
    this.pump();
  };

  /** Starts ready nodes up to the concurrency limit; wakes execute() when the run is over or stuck paused. */
  private pump(): void {
    if (!this.paused) {
      while (this.running < this.concurrency && this.ready.size > 0 && !this.stopStatus) this.dispatch(this.ready.pop());
    }
    if (this.stopStatus || (this.running === 0 && this.ready.size === 0)) this.wake();
  }

  /** Runs a node once per planned run, in order; each run has its own attempts. */
  private async runNode(node: CompiledNode, runs: ReadonlyArray<{ inputs: Item[][]; sources: PlannedRun['sources'] | undefined }>): Promise<void> {
    const i = node.index;
    const outs: Item[][][] = [];
    for (const run of runs) {
      const result = await this.attemptRun(node, run.inputs, run.sources);
      if (result === undefined) return;
      if (Array.isArray(result)) {
        outs.push(result);
        continue;
      }
      if (node.policy.then === 'fallback') {
        this.errors.set(i, result);
        outs.push(fallbackOutputs(node, run.inputs, result));
        continue;
      }
      this.failed(node, run.inputs, result);
      return;
    }
    this.complete(i, outs[outs.length - 1]!, outs.length > 1 ? outs : undefined);
  }

  /** One run with its retries: the outputs, the last error, or undefined when the run stopped meanwhile. */
  private async attemptRun(node: CompiledNode, inputs: Item[][], sources: PlannedRun['sources'] | undefined): Promise<Item[][] | RunError | undefined> {
    const i = node.index;
    const policy = node.policy;
    for (let attempt = 1; ; attempt++) {
      this.attempts[i] = attempt;
      if (this.emitter.listenerCount > 0) this.emitter.fire({ type: 'nodeStarted', runId: this.runId, nodeId: node.id, attempt, itemsIn: this.itemsIn[i]! });
      let error: RunError;
      try {
        const out = await this.callOperator(node, inputs, sources);
        if (this.finished || this.stopStatus) return undefined;
        return normalizeOutputs(node, inputs, out);
      } catch (e) {
        if (this.finished || this.stopStatus) return undefined;
        error = toRunError(e, node);
      }
      const willRetry = attempt <= policy.retries;
      const retryInMs = willRetry ? backoffDelay(policy, attempt) : undefined;
      if (this.emitter.listenerCount > 0) {
        this.emitter.fire({ type: 'nodeFailed', runId: this.runId, nodeId: node.id, error, attempt, willRetry, retryInMs, durationMs: performance.now() - this.startTimes[i]! });
      }
      if (willRetry) {
        if (!(await sleep(retryInMs!, this.controller.signal)) || this.stopStatus) return undefined;
        continue;
      }
      return error;
    }
  }

  private callOperator(node: CompiledNode, inputs: Item[][], sources: PlannedRun['sources'] | undefined): PortItems | Promise<PortItems> {
    const op = node.operator;
    if (!op) throw new OperatorError('UnknownOperator', `node "${node.id}": no operator "${node.node.operator}" is installed`);
    const ctx = new NodeContext(this, node, inputs, sources);
    const timeoutMs = node.timeoutMs;
    if (!timeoutMs) return op.execute(ctx, inputs, this.controller.signal);
    return withTimeout(node, timeoutMs, this.controller.signal, (signal) => op.execute(ctx, inputs, signal));
  }

  private complete(i: number, outputs: Item[][], runs?: Item[][][]): void {
    const g = this.graph;
    this.states[i] = NODE_COMPLETED;
    this.outputs[i] = outputs;
    this.runOutputs[i] = runs;
    if (this.startTimes[i]) this.durations[i] = performance.now() - this.startTimes[i]!;
    for (let k = g.outStart[i]!; k < g.outStart[i + 1]!; k++) {
      const e = g.outEdges[k]!;
      this.edgeItems[e] = outputs[g.srcPort[e]!];
      this.release(g.dst[e]!);
    }
    if (this.emitter.listenerCount > 0) {
      this.emitter.fire({
        type: 'nodeCompleted', runId: this.runId, nodeId: g.ids[i]!, itemsIn: this.itemsIn[i]!, itemsOut: outputs.map((p) => p.length),
        durationMs: this.durations[i]!, attempts: this.attempts[i]!, reused: this.reused?.[i] ? true : undefined, recovered: this.errors.get(i),
      });
    }
  }

  private skip(i: number, reason: string): void {
    const g = this.graph;
    this.states[i] = NODE_SKIPPED;
    this.reasons.set(i, reason);
    for (let k = g.outStart[i]!; k < g.outStart[i + 1]!; k++) this.release(g.dst[g.outEdges[k]!]!);
    if (this.emitter.listenerCount > 0) this.emitter.fire({ type: 'nodeSkipped', runId: this.runId, nodeId: g.ids[i]!, reason });
  }

  private release(w: number): void {
    if (--this.pending[w]! === 0) {
      this.states[w] = NODE_QUEUED;
      this.ready.push(w);
    }
  }

  private failed(node: CompiledNode, inputs: Item[][], error: RunError): void {
    const i = node.index;
    this.errors.set(i, error);
    const then = node.policy.then;
    if (then === 'fallback') {
      this.complete(i, fallbackOutputs(node, inputs, error));
    } else if (then === 'skip' && !node.critical) {
      this.durations[i] = performance.now() - this.startTimes[i]!;
      this.skip(i, `failed and skipped (onError "skip"): ${error.message}`);
    } else {
      this.states[i] = NODE_FAILED;
      this.durations[i] = performance.now() - this.startTimes[i]!;
      const why = then === 'skip' ? ' (the node is critical, so "skip" does not apply)' : '';
      this.stop('Failed', { ...error, message: `${error.message}${why}`, nodeId: node.id });
    }
  }

  private skipReason(i: number): string {
    const g = this.graph;
    let silent: string | undefined;
    for (let e = g.inStart[i]!; e < g.inStart[i + 1]!; e++) {
      const s = g.src[e]!;
      if (this.states[s] === NODE_COMPLETED) {
        silent ??= `no items arrived: "${g.ids[s]}" output ${g.srcPort[e]} sent none`;
      }
    }
    if (silent) return silent;
    const first = g.src[g.inStart[i]!]!;
    return `upstream node "${g.ids[first]}" did not run`;
  }

  private stop(status: FinalRunStatus, error: RunError): void {
    if (this.stopStatus || this.finished) return;
    this.stopStatus = status;
    this.stopError = error;
    this.controller.abort(new OperatorError(error.code, error.message));
    for (const wait of this.waits.values()) wait.reject(new OperatorError(error.code, error.message));
    this.waits.clear();
    this.wake();
  }

  private wake(): void {
    const resolve = this.wakeUp;
    if (resolve) {
      this.wakeUp = undefined;
      resolve();
    }
  }

  private setStatus(status: RunStatus): void {
    if (status === this.currentStatus || !canTransition(this.currentStatus, status)) return;
    this.currentStatus = status;
    if (this.emitter.listenerCount > 0) this.emitter.fire({ type: 'runStateChanged', runId: this.runId, status });
  }

  // ---- NodeHost -----------------------------------------------------------------------------

  log(node: CompiledNode, level: LogLevel, message: string): void {
    if (this.emitter.listenerCount > 0) this.emitter.fire({ type: 'nodeLog', runId: this.runId, nodeId: node.id, level, message });
  }

  progress(node: CompiledNode, fraction: number, message?: string): void {
    if (this.emitter.listenerCount > 0) this.emitter.fire({ type: 'nodeProgress', runId: this.runId, nodeId: node.id, fraction: Math.min(1, Math.max(0, fraction)), message });
  }

  private prepareRerun(fromNode: string): void {
    const plan = planRerun(this.graph, fromNode, this.opts.previous);
    if ('error' in plan) {
      this.setupError = plan.error;
      return;
    }
    this.rerun = plan.rerun;
    this.previous = plan.previous;
    this.reused = new Uint8Array(this.n);
  }

  // ---- result -------------------------------------------------------------------------------

  private nodeResults(): Record<string, NodeResult> {
    const g = this.graph;
    const nodes: Record<string, NodeResult> = {};
    for (let i = 0; i < this.n; i++) {
      const state = this.states[i]!;
      const result: NodeResult = { state: NODE_STATE_NAMES[state]! };
      const reason = this.reasons.get(i);
      if (reason !== undefined) result.reason = reason;
      const error = this.errors.get(i);
      if (error) result.error = error;
      if (state === NODE_COMPLETED) result.outputs = this.outputs[i];
      if (state === NODE_COMPLETED && this.runOutputs[i]) result.runs = this.runOutputs[i];
      if (this.attempts[i]) {
        result.attempts = this.attempts[i];
        result.durationMs = this.durations[i];
        result.itemsIn = this.itemsIn[i];
      }
      if (this.reused?.[i]) result.reused = true;
      nodes[g.ids[i]!] = result;
    }
    return nodes;
  }

  private finish(startedAt: Date, durationMs: number): RunResult {
    this.finished = true;
    const status: FinalRunStatus = this.stopStatus ?? 'Completed';
    const emit = this.emitter.listenerCount > 0;
    const notRun = this.stopStatus
      ? `not run: ${this.stopStatus === 'Cancelled' ? 'the run was cancelled' : `the run stopped (${this.stopError!.message})`}`
      : 'not run: it is on or behind a cycle';
    const g = this.graph;
    for (let i = 0; i < this.n; i++) {
      const state = this.states[i]!;
      if (state === NODE_PENDING || state === NODE_QUEUED) {
        this.states[i] = NODE_SKIPPED;
        this.reasons.set(i, notRun);
        if (emit) this.emitter.fire({ type: 'nodeSkipped', runId: this.runId, nodeId: g.ids[i]!, reason: notRun });
      } else if (state === NODE_RUNNING) {
        this.states[i] = NODE_FAILED;
        this.durations[i] = performance.now() - this.startTimes[i]!;
        const code = this.stopStatus === 'Cancelled' ? 'Cancelled' : 'Stopped';
        this.errors.set(i, { code, message: `interrupted: ${this.stopError?.message ?? 'the run ended'}`, nodeId: g.ids[i] });
      }
    }
    this.setStatus(status);
    const run: RunResult = {
      runId: this.runId,
      melody: g.melody.name,
      status,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date(startedAt.getTime() + durationMs).toISOString(),
      durationMs,
      nodes: {},
      order: this.order,
      diagnostics: [],
    };
    // Per-node results are built on first access: a 100,000-node run should not pay for a
    // 100,000-key object nobody reads. The property is enumerable, so JSON and spreads include it.
    let nodes: Record<string, NodeResult> | undefined;
    Object.defineProperty(run, 'nodes', {
      enumerable: true,
      configurable: true,
      get: () => (nodes ??= this.nodeResults()),
      set: (value: Record<string, NodeResult>) => (nodes = value),
    });
    if (this.stopError) run.error = this.stopError;
    if (emit) this.emitter.fire({ type: 'runFinished', runId: this.runId, status, durationMs, error: this.stopError });
    this.emitter.dispose();
    return run;
  }
}
