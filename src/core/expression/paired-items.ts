import type { Item } from '../operators/operator';
import type { ExpressionScope, NodeRunRecord } from './run-data';
import { ExpressionFault } from './runtime';

type Source = { node: string; output: number } | undefined;

const MAX_HOPS = 100_000;

function nodeLabel(scope: ExpressionScope): string {
  return scope.node.name && scope.node.name !== scope.node.id ? `${scope.node.name}` : scope.node.id;
}

/** The record of a node that has run, or a message saying why there is none. */
export function requireRecord(scope: ExpressionScope, nodeIdOrName: string): NodeRunRecord {
  const record = scope.run.get(nodeIdOrName);
  if (!record) {
    throw new ExpressionFault(
      `No data from node "${nodeIdOrName}": it has not run before "${nodeLabel(scope)}". Check the name (an id or a display name) and that the node is connected upstream.`,
    );
  }
  return record;
}

function isCurrent(scope: ExpressionScope, nodeId: string): boolean {
  return nodeId === scope.node.id;
}

/** Where the items on each input port of `nodeId` came from. */
export function sourcesOf(scope: ExpressionScope, nodeId: string): Source[] {
  if (isCurrent(scope, nodeId)) return scope.sources ?? scope.run.get(nodeId)?.sources ?? [];
  return scope.run.get(nodeId)?.sources ?? [];
}

function sameNode(record: NodeRunRecord, other: NodeRunRecord): boolean {
  return record.id === other.id;
}

/** The items that arrived on input `port` of node `nodeId`. */
function inputItems(scope: ExpressionScope, nodeId: string, port: number): Item[] | undefined {
  if (isCurrent(scope, nodeId)) return scope.inputs[port];
  const src = sourcesOf(scope, nodeId)[port];
  if (!src) return undefined;
  return scope.run.get(src.node)?.outputs[src.output];
}

/**
 * The output of `target` through which data reaches the current node (n8n reads `$node["x"]` and
 * `$('x').first()` from that output); 0 when the path cannot be told.
 */
export function connectedOutput(scope: ExpressionScope, target: NodeRunRecord): number {
  const seen = new Set<string>();
  const queue = [scope.node.id];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const src of sourcesOf(scope, id)) {
      if (!src) continue;
      const rec = scope.run.get(src.node);
      if (!rec) continue;
      if (sameNode(rec, target)) return src.output;
      queue.push(rec.id);
    }
  }
  return 0;
}

function pairedRefs(item: Item): Array<{ item: number; input: number }> | undefined {
  const p = item.pairedItem;
  if (p === undefined || p === null) return undefined;
  const list = Array.isArray(p) ? p : [p];
  return list.map((x) => (typeof x === 'number' ? { item: x, input: 0 } : { item: x.item, input: x.input ?? 0 }));
}

/**
 * n8n's paired-item lookup (`$('x').item`, `.itemMatching(i)`): start at input item `index` of the
 * current node and follow each item's `pairedItem` — which points at an input item of the node
 * that produced it — back through the graph until reaching an item produced by `target`.
 */
export function pairedItemOf(scope: ExpressionScope, target: NodeRunRecord, index: number): Item {
  if (target.id === scope.node.id) {
    throw new ExpressionFault(`Node "${nodeLabel(scope)}" cannot look up its own paired item; use $json or $input.item`);
  }
  const results = new Set<Item>();
  let hops = 0;
  const noPath = () =>
    new ExpressionFault(
      `There is no path back from "${nodeLabel(scope)}" to "${target.name ?? target.id}": connect it upstream (other nodes may sit in between) or use $('${target.name ?? target.id}').first()`,
    );
  const visit = (nodeId: string, port: number, k: number): void => {
    if (++hops > MAX_HOPS) throw new ExpressionFault('Paired item lookup did not finish: the item lineage is too long or loops');
    const src = sourcesOf(scope, nodeId)[port];
    if (!src) {
      if (isCurrent(scope, nodeId) && !scope.sources && !scope.run.get(nodeId)) {
        // The caller did not say where this node's input came from (an integration gap, not a user error).
        throw new ExpressionFault(`Cannot follow paired items from "${nodeLabel(scope)}": the run did not record which node feeds its input (ExpressionScope.sources)`);
      }
      throw noPath();
    }
    const producer = scope.run.get(src.node);
    if (!producer) throw new ExpressionFault(`Node "${src.node}" has no recorded output, so the paired item of "${target.name ?? target.id}" cannot be found`);
    const item = inputItems(scope, nodeId, port)?.[k];
    if (!item) throw new ExpressionFault(`Paired item lookup: item ${k} on input ${port} of "${nodeId}" does not exist`);
    if (sameNode(producer, target)) {
      results.add(item);
      return;
    }
    let refs = pairedRefs(item);
    if (!sourcesOf(scope, producer.id).some(Boolean)) throw noPath();
    if (!refs) {
      // Like n8n: a node that did not record lineage is assumed to map item i to item i, or to
      // have fanned out from a single input item.
      const upstream = inputItems(scope, producer.id, 0);
      const produced = producer.outputs[src.output] ?? [];
      if (upstream && upstream.length === 1) refs = [{ item: 0, input: 0 }];
      else if (upstream && upstream.length === produced.length) refs = [{ item: k, input: 0 }];
      else {
        throw new ExpressionFault(
          `Node "${producer.name ?? producer.id}" did not record which input item each output item came from (pairedItem), so $('${target.name ?? target.id}').item cannot be resolved; use .first(), .all() or .itemMatching()`,
        );
      }
    }
    for (const ref of refs) visit(producer.id, ref.input, ref.item);
  };
  visit(scope.node.id, 0, index);
  if (results.size > 1) {
    throw new ExpressionFault(
      `Several items of "${target.name ?? target.id}" match item ${index} of "${nodeLabel(scope)}", so .item is ambiguous; use .first(), .all() or .itemMatching()`,
    );
  }
  return [...results][0]!;
}
