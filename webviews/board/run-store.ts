import { useSyncExternalStore } from 'react';
import type { BoardRunEvent, NodeRunState, RunError, RunStatus } from '../../src/protocol/board';
import type { JsonObject } from '../../src/core/operators/operator';

/** A node's state in the current run, as its badge and the run panel show it. */
export interface NodeRunView {
  state: NodeRunState;
  durationMs?: number;
  inputCount?: number;
  outputCount?: number;
  reason?: string;
  error?: RunError;
  input?: JsonObject[][];
  output?: JsonObject[][];
  truncated?: boolean;
}

/** The whole run as the toolbar shows it. */
export interface RunView {
  runId?: string;
  status?: RunStatus;
  durationMs?: number;
  error?: RunError;
}

/**
 * Run state outside React state: each node subscribes to its own entry, so a status change
 * re-renders one node, not the board.
 */
export class RunStore {
  private nodes = new Map<string, NodeRunView>();
  private run: RunView = {};
  private nodeListeners = new Map<string, Set<() => void>>();
  private runListeners = new Set<() => void>();

  apply(event: BoardRunEvent): void {
    switch (event.kind) {
      case 'runStarted': {
        const previous = [...this.nodes.keys()];
        this.nodes = new Map(event.nodes.map((id) => [id, { state: 'pending' as const }]));
        this.run = { runId: event.runId, status: 'running' };
        for (const id of new Set([...previous, ...event.nodes])) this.notify(id);
        break;
      }
      case 'nodeState': {
        if (event.runId !== this.run.runId) return;
        const prev = this.nodes.get(event.node) ?? { state: 'pending' as const };
        this.nodes.set(event.node, {
          ...prev,
          state: event.state,
          durationMs: event.durationMs ?? prev.durationMs,
          inputCount: event.inputCount ?? prev.inputCount,
          outputCount: event.outputCount ?? prev.outputCount,
          reason: event.reason,
          error: event.error,
        });
        this.notify(event.node);
        return;
      }
      case 'nodeData': {
        if (event.runId !== this.run.runId) return;
        const prev = this.nodes.get(event.node) ?? { state: 'pending' as const };
        this.nodes.set(event.node, { ...prev, input: event.input, output: event.output, truncated: event.truncated });
        this.notify(event.node);
        return;
      }
      case 'runPaused':
        this.run = { ...this.run, status: 'paused' };
        break;
      case 'runResumed':
        this.run = { ...this.run, status: 'running' };
        break;
      case 'runFinished':
        this.run = { ...this.run, status: event.status, durationMs: event.durationMs, error: event.error };
        break;
    }
    for (const l of this.runListeners) l();
  }

  node(id: string): NodeRunView | undefined {
    return this.nodes.get(id);
  }

  current(): RunView {
    return this.run;
  }

  subscribeNode(id: string, listener: () => void): () => void {
    let set = this.nodeListeners.get(id);
    if (!set) this.nodeListeners.set(id, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  subscribeRun(listener: () => void): () => void {
    this.runListeners.add(listener);
    return () => this.runListeners.delete(listener);
  }

  private notify(id: string): void {
    for (const l of this.nodeListeners.get(id) ?? []) l();
  }
}

export const runStore = new RunStore();

/** A node's run state; re-renders only when this node's entry changes. */
export function useNodeRun(id: string): NodeRunView | undefined {
  return useSyncExternalStore(
    (l) => runStore.subscribeNode(id, l),
    () => runStore.node(id),
  );
}

export function useRun(): RunView {
  return useSyncExternalStore(
    (l) => runStore.subscribeRun(l),
    () => runStore.current(),
  );
}
