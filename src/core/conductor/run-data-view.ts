import type { NodeRunRecord, RunDataView } from '../expression/run-data';
import type { Item } from '../operators/operator';
import type { CompiledMelody } from './graph';

/**
 * Expressions' view of the run so far. Records are built on first request from the run's arrays,
 * so nodes nobody refers to cost nothing.
 */
export class RunRecords implements RunDataView {
  private readonly cache = new Map<number, NodeRunRecord>();
  private byName: Map<string, number> | undefined;

  constructor(
    private readonly g: CompiledMelody,
    private readonly outputs: ReadonlyArray<Item[][] | undefined>,
    private readonly edgeItems: ReadonlyArray<Item[] | undefined>,
  ) {}

  get(nodeIdOrName: string): NodeRunRecord | undefined {
    let i = this.g.byId.get(nodeIdOrName);
    if (i === undefined) i = this.names().get(nodeIdOrName);
    if (i === undefined) return undefined;
    const outputs = this.outputs[i];
    if (!outputs) return undefined;
    let record = this.cache.get(i);
    if (!record || record.outputs !== outputs) {
      const node = this.g.nodes[i]!;
      record = { id: node.id, name: node.name, sources: this.sources(i), outputs };
      this.cache.set(i, record);
    }
    return record;
  }

  /** Forgets a node's record (run from node replaces outputs). */
  invalidate(i: number): void {
    this.cache.delete(i);
  }

  /** For input port k of node i: the first connection into it that delivered items, else the first connection. */
  sources(i: number): NodeRunRecord['sources'] {
    const g = this.g;
    const sources: NodeRunRecord['sources'] = new Array(g.nodes[i]!.inputCount).fill(undefined);
    const filled: boolean[] = [];
    for (let e = g.inStart[i]!; e < g.inStart[i + 1]!; e++) {
      const port = g.dstPort[e]!;
      const delivered = (this.edgeItems[e]?.length ?? 0) > 0;
      if (filled[port]) continue;
      if (sources[port] === undefined || delivered) sources[port] = { node: g.ids[g.src[e]!]!, output: g.srcPort[e]! };
      if (delivered) filled[port] = true;
    }
    return sources;
  }

  private names(): Map<string, number> {
    if (!this.byName) {
      this.byName = new Map();
      for (const node of this.g.nodes) if (node.name !== undefined && !this.byName.has(node.name)) this.byName.set(node.name, node.index);
    }
    return this.byName;
  }
}
