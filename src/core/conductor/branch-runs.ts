import type { ExpressionScope } from '../expression/run-data';
import type { Item } from '../operators/operator';
import type { CompiledMelody } from './graph';

/** One execution of a node: the items per input port and, per port, the connection that sent them. */
export interface PlannedRun {
  inputs: Item[][];
  sources: NonNullable<ExpressionScope['sources']>;
}

/** How a node fed by several connections runs: `join` (Symphony's default) or `perBranch` (n8n's). */
export type FanIn = 'join' | 'perBranch';

/** The melody's fan-in mode; the n8n importer writes `config.fanIn: "perBranch"`. */
export function fanInOf(g: CompiledMelody): FanIn {
  return (g.melody.config as Record<string, unknown> | undefined)?.['fanIn'] === 'perBranch' ? 'perBranch' : 'join';
}

interface Delivery {
  rank: number;
  run: number;
  output: number;
  node: string;
  items: Item[];
}

/**
 * n8n's rule for a node that items reach more than once: every non-empty list a parent output
 * sends is its own execution of the node (WorkflowExecute puts one stack entry per arrival, and
 * only a node with several input indexes waits to pair arrivals). Arrivals at port p are taken in
 * the order of the parents' first connections; from one parent, its earlier runs first and, within
 * a run, the higher output first (n8n pushes a parent's children onto the front of its stack in
 * output order, so the last output pushed runs first). Run k of the node gets the k-th arrival at
 * each port, as n8n fills its waiting entries. `deliveries(e)` lists what edge e's source sent on
 * that edge, one list per source run.
 */
export function planBranchRuns(g: CompiledMelody, i: number, inputCount: number, deliveries: (e: number) => readonly Item[][]): PlannedRun[] {
  const perPort: Delivery[][] = Array.from({ length: Math.max(1, inputCount) }, () => []);
  const rankOf = new Map<string, number>();
  for (let e = g.inStart[i]!; e < g.inStart[i + 1]!; e++) {
    const port = g.dstPort[e]!;
    const list = perPort[port];
    if (!list) continue;
    const node = g.ids[g.src[e]!]!;
    const key = `${port}\u0000${node}`;
    let rank = rankOf.get(key);
    if (rank === undefined) rankOf.set(key, (rank = e));
    const runs = deliveries(e);
    for (let r = 0; r < runs.length; r++) {
      const items = runs[r]!;
      if (items.length) list.push({ rank, run: r, output: g.srcPort[e]!, node, items });
    }
  }
  let count = 0;
  for (const list of perPort) {
    list.sort((a, b) => a.rank - b.rank || a.run - b.run || b.output - a.output);
    count = Math.max(count, list.length);
  }
  const runs: PlannedRun[] = [];
  for (let k = 0; k < count; k++) {
    const inputs: Item[][] = [];
    const sources: NonNullable<ExpressionScope['sources']> = [];
    for (const list of perPort) {
      const d = list[k];
      inputs.push(d ? d.items : []);
      sources.push(d ? { node: d.node, output: d.output } : undefined);
    }
    runs.push({ inputs, sources });
  }
  return runs;
}
