// One execution of a compiled melody: schedules nodes as their inputs arrive and runs their operators.
import { Emitter, type Event } from '../base/event';
import { type Item, type JsonValue, type LogLevel, OperatorError, type OperatorServices, type PortItems } from '../operators/operator';
import type { CompiledMelody, CompiledNode } from './graph';
import { InputWaits } from './input-waits';
import { abortMessage, toRunError, withTimeout } from './node-attempt';
import { NodeContext, type NodeHost } from './node-context';
import { type FanIn, fanInOf, type PlannedRun, planBranchRuns } from './branch-runs';
import { disabledOutputs, fallbackOutputs, normalizeOutputs } from './node-outputs';
import { branchRunInputs, nodeInputs } from './node-inputs';
import { NodeTable } from './node-table';
import { ReadyQueue } from './ready-queue';
import { backoffDelay, sleep } from './retry-policy';
import { RunRecords } from './run-data-view';
import { planRerun } from './run-from-node';
import type { RunEvent } from './run-events';
import type { InputRequest, RequestInput, RunEnvironment, RunOptions } from './run-options';
import type { RunResult } from './run-result';
import {
  canTransition, type FinalRunStatus, NODE_COMPLETED, NODE_FAILED, NODE_QUEUED, NODE_RUNNING, NODE_SKIPPED, type RunError, type RunStatus,
} from './run-state';

export type { InputRequest, RequestInput, RunEnvironment, RunOptions } from './run-options';

/** The inputs of one execution of a node, and for n8n's fan-in the connection each port's items came from. */
type NodeRunInputs = ReadonlyArray<{ inputs: Item[][]; sources: PlannedRun['sources'] | undefined }>;

/**
 * One execution of a compiled melody. Nodes become ready when every connection into them has
 * delivered (Kahn's algorithm, smallest id first); pump() starts ready nodes up to the concurrency
 * limit, at the start and whenever a node settles. Nodes that need no operator call (skipped,
 * disabled, reused) settle inside pump's loop and a settling node starts from a fresh promise
 * callback, so even a 100,000-node chain never deepens the stack. Per-node state lives in typed
 * arrays indexed by node number (see NodeTable).
 */
export class MelodyRun extends NodeTable implements NodeHost {
  private readonly emitter = new Emitter<RunEvent>();
  /** Every event of this run, in order. */
  readonly onDidEmit: Event<RunEvent> = this.emitter.event;

  readonly runId: string;
  private currentStatus: RunStatus = 'Pending';
  private readonly fanIn: FanIn;
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
  private previous: Map<string, Item[][]> | undefined;
  private setupError: RunError | undefined;
  private readonly waits: InputWaits;

  readonly runData: RunRecords;
  readonly workspaceRoot: string;
  readonly services: OperatorServices;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly now: Date;
  readonly extra: Record<string, JsonValue>;

  constructor(
    graph: CompiledMelody,
    env: RunEnvironment,
    private readonly opts: RunOptions = {},
  ) {
    super(graph);
    this.runId = opts.runId ?? `${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
    this.waits = new InputWaits(this.runId);
    this.fanIn = fanInOf(graph);
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
    const wait = this.waits.take(requestId);
    if (!wait) return false;
    if (this.waits.size === 0 && this.currentStatus === 'WaitingForInput') this.setStatus('Running');
    wait.resolve(value);
    return true;
  }

  private requestInput(nodeId: string, prompt: string): Promise<JsonValue> {
    if (this.finished || this.stopStatus) return Promise.reject(new OperatorError('Cancelled', 'the run has ended'));
    const request: InputRequest = this.waits.request(nodeId, prompt);
    if (this.emitter.listenerCount > 0) this.emitter.fire({ type: 'inputRequested', runId: this.runId, ...request });
    if (this.opts.answerInput) return this.opts.answerInput(request);
    const answer = this.waits.wait(request.requestId);
    if (this.currentStatus === 'Running') this.setStatus('WaitingForInput');
    return answer;
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

    this.queueStartNodes(this.ready);
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
      const runs = branchRunInputs(g, node, planBranchRuns(g, i, node.inputCount, this.deliveries), this.states, this.itemsIn);
      if (typeof runs === 'string') this.skip(i, runs);
      else this.start(node, runs);
      return;
    }
    const inputs = nodeInputs(g, node, this.edgeItems, this.initialItems, this.states, this.itemsIn);
    if (typeof inputs === 'string') this.skip(i, inputs);
    else this.start(node, [{ inputs, sources: undefined }]);
  }

  private start(node: CompiledNode, runs: NodeRunInputs): void {
    const i = node.index;
    if (node.disabled) {
      const outs = disabledOutputs(node, runs);
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
  private async runNode(node: CompiledNode, runs: NodeRunInputs): Promise<void> {
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

  private stop(status: FinalRunStatus, error: RunError): void {
    if (this.stopStatus || this.finished) return;
    this.stopStatus = status;
    this.stopError = error;
    this.controller.abort(new OperatorError(error.code, error.message));
    this.waits.rejectAll(() => new OperatorError(error.code, error.message));
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

  private finish(startedAt: Date, durationMs: number): RunResult {
    this.finished = true;
    const status: FinalRunStatus = this.stopStatus ?? 'Completed';
    const emit = this.emitter.listenerCount > 0;
    const onSkipped = emit ? (nodeId: string, reason: string) => this.emitter.fire({ type: 'nodeSkipped', runId: this.runId, nodeId, reason }) : undefined;
    this.closeUnfinished(this.stopStatus, this.stopError, onSkipped);
    this.setStatus(status);
    const run = this.runResult(this.runId, status, startedAt, durationMs, this.order, this.stopError);
    if (emit) this.emitter.fire({ type: 'runFinished', runId: this.runId, status, durationMs, error: this.stopError });
    this.emitter.dispose();
    return run;
  }
}
