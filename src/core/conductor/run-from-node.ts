import type { Item } from '../operators/operator';
import type { CompiledMelody } from './graph';
import type { RunResult } from './run-result';
import type { RunError } from './run-state';

/**
 * What a run from a node re-runs and reuses: `rerun[i]` is 1 for the chosen node and everything
 * downstream of it (found without recursion); `previous` holds the outputs of the earlier run's
 * completed nodes, which the other nodes take instead of running.
 */
export function planRerun(
  g: CompiledMelody,
  fromNode: string,
  earlier: Pick<RunResult, 'nodes'> | undefined,
): { rerun: Uint8Array; previous: Map<string, Item[][]> } | { error: RunError } {
  const start = g.byId.get(fromNode);
  if (start === undefined) return { error: { code: 'UnknownNode', message: `cannot run from node "${fromNode}": the melody has no such node` } };
  const rerun = new Uint8Array(g.nodes.length);
  const stack = [start];
  rerun[start] = 1;
  while (stack.length) {
    const v = stack.pop()!;
    for (let k = g.outStart[v]!; k < g.outStart[v + 1]!; k++) {
      const w = g.dst[g.outEdges[k]!]!;
      if (!rerun[w]) {
        rerun[w] = 1;
        stack.push(w);
      }
    }
  }
  const previous = new Map<string, Item[][]>();
  for (const [id, result] of Object.entries(earlier?.nodes ?? {})) {
    if (result.state === 'Completed' && result.outputs) previous.set(id, result.outputs);
  }
  return { rerun, previous };
}
