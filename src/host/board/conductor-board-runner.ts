import type { Item, JsonObject } from '../../core/operators/operator';
import type { OperatorRegistry } from '../../core/operators/operator-registry';
import type { OperatorServices } from '../../core/operators/operator';
import type { ConductorConfig } from '../../core/conductor/conductor-config';
import { Conductor } from '../../core/conductor/conductor';
import type { MelodyRun } from '../../core/conductor/melody-run';
import type { RunEvent } from '../../core/conductor/run-events';
import type { RunResult } from '../../core/conductor/run-result';
import { parseMelodyText } from '../../core/melody/load-melody';
import { MAX_ITEMS_PER_PORT, type BoardRunEvent } from '../../protocol/board';
import type { BoardRunHandle, BoardRunner, BoardRunRequest } from './board-runner';

/** What the conductor-backed runner needs from the host. No 'vscode': it runs in Node tests too. */
export interface ConductorRunnerOptions {
  registry: OperatorRegistry;
  /** The folder relative paths resolve against, for a melody file. */
  workspaceRootFor(fileName: string): string;
  config?: ConductorConfig;
  /** Record runs in the run history (`.symphony/runs`). */
  history?: boolean;
  /** What operators get (secrets, models, tasks); the editor's services. */
  services?: OperatorServices;
  /** `.symphony/conductor.json` of a workspace root, when it has been read. */
  configFor?(root: string): ConductorConfig | undefined;
}

/**
 * Runs melodies from the board with src/core/conductor and maps its run events to the board's
 * protocol. "Run from here" reuses the outputs of the previous run of the same file.
 */
export class ConductorBoardRunner implements BoardRunner {
  private readonly lastResults = new Map<string, RunResult>();

  constructor(private readonly opts: ConductorRunnerOptions) {}

  start(request: BoardRunRequest, emit: (event: BoardRunEvent) => void): BoardRunHandle {
    const loaded = parseMelodyText(request.text, request.fileName);
    const workspaceRoot = this.opts.workspaceRootFor(request.fileName);
    const conductor = new Conductor({
      registry: this.opts.registry,
      workspaceRoot,
      config: this.opts.configFor?.(workspaceRoot) ?? this.opts.config,
      history: this.opts.history ?? false,
      services: this.opts.services,
      env: process.env,
    });
    const compiled = loaded.doc ? conductor.compile(loaded.doc) : undefined;
    const diagnostics = [...loaded.diagnostics, ...(compiled?.diagnostics ?? [])];
    const firstError = diagnostics.find((d) => d.severity === 'error');
    if (!compiled?.compiled || firstError) {
      const runId = `invalid-${Date.now().toString(36)}`;
      const where = firstError?.line ? `${request.fileName}:${firstError.line}:${firstError.column ?? 1} — ` : '';
      emit({ kind: 'runStarted', runId, nodes: [] });
      emit({ kind: 'runFinished', runId, status: 'failed', durationMs: 0, error: { message: `${where}${firstError?.message ?? 'the melody is invalid'}${firstError?.fix ? ` (${firstError.fix})` : ''}`, code: firstError?.code ?? 'InvalidMelody' } });
      return { stop() {}, pause() {}, resume() {}, done: Promise.resolve() };
    }
    const previous = request.fromNode ? this.lastResults.get(request.fileName) : undefined;
    const run = conductor.createRun(compiled.compiled, { fromNode: request.fromNode, previous });
    const operatorOf = new Map(compiled.compiled.melody.nodes.map((n) => [n.id, n.operator]));
    const sub = run.onDidEmit((e) => {
      for (const mapped of mapRunEvent(e, run, operatorOf)) emit(mapped);
    });
    const done = run
      .execute()
      .then(async (result) => {
        this.lastResults.set(request.fileName, result);
        // Board runs go to the run history like any other run; a failed write never fails the run.
        if (conductor.history) await conductor.history.write(result, request.fileName).catch(() => undefined);
      })
      .catch((e: unknown) => {
        emit({ kind: 'runFinished', runId: run.runId, status: 'failed', durationMs: 0, error: { message: `The conductor stopped unexpectedly: ${e instanceof Error ? e.message : String(e)}` } });
      })
      .finally(() => sub.dispose());
    return { stop: () => run.cancel('stopped from the board'), pause: () => run.pause(), resume: () => run.resume(), done };
  }
}

/** One conductor event → zero or more board events. */
export function mapRunEvent(e: RunEvent, run: Pick<MelodyRun, 'runData' | 'graph'>, operatorOf: ReadonlyMap<string, string>): BoardRunEvent[] {
  switch (e.type) {
    case 'runStarted':
      return [{ kind: 'runStarted', runId: e.runId, nodes: run.graph.ids.slice() }];
    case 'runStateChanged':
      if (e.status === 'Paused') return [{ kind: 'runPaused', runId: e.runId }];
      if (e.status === 'Running') return [{ kind: 'runResumed', runId: e.runId }];
      return [];
    case 'nodeStarted':
      return [{ kind: 'nodeState', runId: e.runId, node: e.nodeId, state: 'running', inputCount: e.itemsIn, reason: e.attempt > 1 ? `attempt ${e.attempt}` : undefined }];
    case 'nodeCompleted':
      return [
        { kind: 'nodeState', runId: e.runId, node: e.nodeId, state: 'completed', durationMs: e.durationMs, inputCount: e.itemsIn, outputCount: e.itemsOut.reduce((a, b) => a + b, 0) },
        nodeData(e.runId, e.nodeId, run),
      ];
    case 'nodeFailed':
      if (e.willRetry) return [{ kind: 'nodeState', runId: e.runId, node: e.nodeId, state: 'queued', reason: `failed (${e.error.message}); retrying in ${e.retryInMs ?? 0} ms` }];
      return [
        { kind: 'nodeState', runId: e.runId, node: e.nodeId, state: 'failed', durationMs: e.durationMs, error: { message: e.error.message, code: e.error.code, operator: operatorOf.get(e.nodeId) } },
        nodeData(e.runId, e.nodeId, run),
      ];
    case 'nodeSkipped':
      return [{ kind: 'nodeState', runId: e.runId, node: e.nodeId, state: 'skipped', reason: e.reason }];
    case 'runFinished':
      return [
        {
          kind: 'runFinished',
          runId: e.runId,
          status: e.status === 'Completed' ? 'completed' : e.status === 'Cancelled' ? 'cancelled' : 'failed',
          durationMs: e.durationMs,
          error: e.error ? { message: e.error.message, code: e.error.code, operator: e.error.nodeId ? operatorOf.get(e.error.nodeId) : undefined } : undefined,
        },
      ];
    default:
      return [];
  }
}

/** A node's input items (from the outputs feeding each input port) and output items, trimmed. */
function nodeData(runId: string, node: string, run: Pick<MelodyRun, 'runData'>): BoardRunEvent {
  const record = run.runData.get(node);
  let truncated = false;
  const trim = (items: Item[] | undefined): JsonObject[] => {
    const list = items ?? [];
    if (list.length > MAX_ITEMS_PER_PORT) truncated = true;
    return list.slice(0, MAX_ITEMS_PER_PORT).map((i) => i.json);
  };
  const input = (record?.sources ?? []).map((s) => trim(s ? run.runData.get(s.node)?.outputs[s.output] : undefined));
  const output = (record?.outputs ?? []).map(trim);
  return { kind: 'nodeData', runId, node, input, output, truncated: truncated || undefined };
}
