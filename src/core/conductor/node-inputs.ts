// What one execution of a node receives: its input lists joined from its connections, or why it is skipped.
import type { Item } from '../operators/operator';
import type { PlannedRun } from './branch-runs';
import type { CompiledMelody, CompiledNode } from './graph';
import { missingInputReason, missingRequiredInput } from './required-inputs';
import { NODE_COMPLETED } from './run-state';

const NO_ITEMS: Item[] = [];

/**
 * The input lists of node i for its one execution, or why it is skipped (a string). On success
 * the number of items it received is written to itemsIn[i].
 */
export function nodeInputs(
  g: CompiledMelody, node: CompiledNode, edgeItems: ReadonlyArray<Item[] | undefined>, initialItems: Item[], states: Uint8Array, itemsIn: Int32Array,
): Item[][] | string {
  const i = node.index;
  const lo = g.inStart[i]!;
  const hi = g.inStart[i + 1]!;
  let inputs: Item[][];
  let count: number;
  if (lo === hi) {
    // A start node gets the run's input as inputs[0] even when it declares no input port
    // (a trigger has none), so `--input` reaches core.manual-trigger.
    inputs = [initialItems];
    for (let p = 1; p < node.inputCount; p++) inputs.push([]);
    count = initialItems.length;
  } else {
    inputs = new Array(node.inputCount);
    count = joinEdgeItems(g, lo, hi, edgeItems, inputs);
    // n8n runs a node only when items reach it; a join runs when any of its inputs has items.
    if (count === 0) return noItemsReason(g, states, i);
    const missing = missingRequiredInput(node, inputs);
    if (missing !== undefined) return missingInputReason(missing);
  }
  itemsIn[i] = count;
  return inputs;
}

/**
 * n8n's fan-in: the planned runs of node i (see planBranchRuns) less those missing a required
 * input, or why it is skipped (a string). On success the items over all runs go to itemsIn[i].
 */
export function branchRunInputs(g: CompiledMelody, node: CompiledNode, planned: PlannedRun[], states: Uint8Array, itemsIn: Int32Array): PlannedRun[] | string {
  const i = node.index;
  if (planned.length === 0) return noItemsReason(g, states, i);
  const runs = planned.filter((run) => missingRequiredInput(node, run.inputs) === undefined);
  if (runs.length === 0) return missingInputReason(missingRequiredInput(node, planned[0]!.inputs)!);
  let count = 0;
  for (const run of runs) for (const list of run.inputs) count += list.length;
  itemsIn[i] = count;
  return runs;
}

/**
 * Fills inputs (one slot per input port) from edges lo..hi-1 into the node and returns how many
 * items arrived. One connection into a port hands its list over as is; several are appended into
 * a new list in connection order (appending, not concat per edge, keeps a 1000-way join linear).
 * A port nothing reached gets an empty list.
 */
function joinEdgeItems(g: CompiledMelody, lo: number, hi: number, edgeItems: ReadonlyArray<Item[] | undefined>, inputs: Item[][]): number {
  let itemsIn = 0;
  for (let p = 0; p < inputs.length; p++) inputs[p] = NO_ITEMS;
  let owned: boolean[] | undefined;
  for (let e = lo; e < hi; e++) {
    const items = edgeItems[e];
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
  return itemsIn;
}

/** Why node i got no items: an upstream node that ran but sent none, else the first upstream node that did not run. */
function noItemsReason(g: CompiledMelody, states: Uint8Array, i: number): string {
  let silent: string | undefined;
  for (let e = g.inStart[i]!; e < g.inStart[i + 1]!; e++) {
    const s = g.src[e]!;
    if (states[s] === NODE_COMPLETED) {
      silent ??= `no items arrived: "${g.ids[s]}" output ${g.srcPort[e]} sent none`;
    }
  }
  if (silent) return silent;
  const first = g.src[g.inStart[i]!]!;
  return `upstream node "${g.ids[first]}" did not run`;
}
