// Per-node state of one run in typed arrays indexed by node number, and the RunResult read back from it.
import type { Item } from '../operators/operator';
import type { CompiledMelody } from './graph';
import type { ReadyQueue } from './ready-queue';
import type { NodeResult, RunResult } from './run-result';
import {
  type FinalRunStatus, NODE_COMPLETED, NODE_FAILED, NODE_PENDING, NODE_QUEUED, NODE_RUNNING, NODE_SKIPPED, NODE_STATE_NAMES, type RunError,
} from './run-state';

/**
 * The records of every node of one run. MelodyRun extends it rather than holding one, so the
 * scheduler's per-node reads and writes stay plain field accesses on the run itself.
 */
export class NodeTable {
  protected readonly n: number;
  protected readonly states: Uint8Array;
  /** Connections into each node that have not delivered yet. */
  protected readonly pending: Int32Array;
  protected readonly attempts: Uint16Array;
  protected readonly itemsIn: Int32Array;
  protected readonly startTimes: Float64Array;
  protected readonly durations: Float64Array;
  protected readonly outputs: Array<Item[][] | undefined>;
  /** Every run's outputs, for nodes that ran more than once (n8n's fan-in; see branch-runs.ts). */
  protected readonly runOutputs: Array<Item[][][] | undefined>;
  /** What each connection delivered, by edge number. */
  protected readonly edgeItems: Array<Item[] | undefined>;
  protected readonly errors = new Map<number, RunError>();
  protected readonly reasons = new Map<number, string>();
  /** Set only when running from a node: 1 for nodes whose outputs came from the earlier run. */
  protected reused: Uint8Array | undefined;

  constructor(readonly graph: CompiledMelody) {
    const n = (this.n = graph.nodes.length);
    this.states = new Uint8Array(n);
    this.pending = new Int32Array(n);
    this.attempts = new Uint16Array(n);
    this.itemsIn = new Int32Array(n);
    this.startTimes = new Float64Array(n);
    this.durations = new Float64Array(n);
    this.outputs = new Array(n);
    this.runOutputs = new Array(n);
    this.edgeItems = new Array(graph.src.length);
  }

  /** Counts the connections into each node; nodes with none are queued as ready. */
  protected queueStartNodes(ready: ReadyQueue): void {
    const g = this.graph;
    for (let i = 0; i < this.n; i++) {
      const count = g.inStart[i + 1]! - g.inStart[i]!;
      this.pending[i] = count;
      if (count === 0) {
        this.states[i] = NODE_QUEUED;
        ready.push(i);
      }
    }
  }

  /**
   * Closes what a run left open when it ended: nodes that never started become Skipped (after a
   * stop, or on or behind a cycle), nodes still running become Failed as interrupted.
   */
  protected closeUnfinished(stopStatus: FinalRunStatus | undefined, stopError: RunError | undefined, onSkipped: ((nodeId: string, reason: string) => void) | undefined): void {
    const notRun = stopStatus
      ? `not run: ${stopStatus === 'Cancelled' ? 'the run was cancelled' : `the run stopped (${stopError!.message})`}`
      : 'not run: it is on or behind a cycle';
    const g = this.graph;
    for (let i = 0; i < this.n; i++) {
      const state = this.states[i]!;
      if (state === NODE_PENDING || state === NODE_QUEUED) {
        this.states[i] = NODE_SKIPPED;
        this.reasons.set(i, notRun);
        if (onSkipped) onSkipped(g.ids[i]!, notRun);
      } else if (state === NODE_RUNNING) {
        this.states[i] = NODE_FAILED;
        this.durations[i] = performance.now() - this.startTimes[i]!;
        const code = stopStatus === 'Cancelled' ? 'Cancelled' : 'Stopped';
        this.errors.set(i, { code, message: `interrupted: ${stopError?.message ?? 'the run ended'}`, nodeId: g.ids[i] });
      }
    }
  }

  /** The run's result; its per-node results are built from the table on first read of `nodes`. */
  protected runResult(runId: string, status: FinalRunStatus, startedAt: Date, durationMs: number, order: string[], error: RunError | undefined): RunResult {
    const run: RunResult = {
      runId,
      melody: this.graph.melody.name,
      status,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date(startedAt.getTime() + durationMs).toISOString(),
      durationMs,
      nodes: {},
      order,
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
    if (error) run.error = error;
    return run;
  }

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
}
