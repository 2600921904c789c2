import type { Diagnostic } from '../base/diagnostic';
import type { Item, JsonObject } from '../operators/operator';
import type { FinalRunStatus, NodeState, RunError } from './run-state';

/** What happened to one node. */
export interface NodeResult {
  state: NodeState;
  /** Why a Skipped node did not run. */
  reason?: string;
  /** The failure (state Failed), or the failure a fallback recovered from (state Completed). */
  error?: RunError;
  /** Output items per output port (Completed nodes); for a node that ran more than once, its last run's. */
  outputs?: Item[][];
  /** Every run's outputs, oldest first, when the node ran more than once (n8n's fan-in: one run per arriving branch). */
  runs?: Item[][][];
  attempts?: number;
  durationMs?: number;
  itemsIn?: number;
  /** Outputs taken from an earlier run (run from node). */
  reused?: boolean;
}

/** The result of a run: kept in history, printed by `symphony run --json`, shown by the board. */
export interface RunResult {
  runId: string;
  melody: string;
  status: FinalRunStatus;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** Per node id, in the melody's node order. */
  nodes: Record<string, NodeResult>;
  /** Node ids in the order they started. */
  order: string[];
  /** Why the run failed or was cancelled. */
  error?: RunError;
  /** Problems found before the run (an invalid melody never starts). */
  diagnostics: Diagnostic[];
  /** Where the run was written in the run history, if it was. */
  historyFile?: string;
}

/** The `symphony run --json` shape: status, and per node its state and the json of its output items. */
export interface RunJson {
  status: FinalRunStatus;
  nodes: Record<string, { state: NodeState; outputs: JsonObject[][]; runs?: JsonObject[][][]; error?: { code: string; message: string } }>;
  diagnostics?: Diagnostic[];
}

export function toRunJson(result: RunResult): RunJson {
  const nodes: RunJson['nodes'] = {};
  for (const [id, node] of Object.entries(result.nodes)) {
    const entry: RunJson['nodes'][string] = { state: node.state, outputs: (node.outputs ?? []).map((port) => port.map((item) => item.json)) };
    if (node.runs) entry.runs = node.runs.map((run) => run.map((port) => port.map((item) => item.json)));
    if (node.error) entry.error = { code: node.error.code, message: node.error.message };
    nodes[id] = entry;
  }
  const json: RunJson = { status: result.status, nodes };
  if (result.diagnostics.length) json.diagnostics = result.diagnostics;
  return json;
}
