// Shapes a node's outputs: checks what its operator returned, and builds a fallback's and a disabled node's outputs.
import { OperatorError, type Item, type JsonObject, type PairedItem } from '../operators/operator';
import { resolvePort } from '../melody/melody-ports';
import type { CompiledNode } from './graph';
import type { RunError } from './run-state';

/**
 * Checks and completes what an operator returned: one item list per output port (missing ports
 * become empty lists), n8n's default pairedItem, and `alwaysOutputData`. Throws an OperatorError
 * (a node failure, subject to the node's onError) when the operator broke the contract.
 */
export function normalizeOutputs(node: CompiledNode, inputs: Item[][], out: unknown): Item[][] {
  if (!Array.isArray(out)) {
    throw new OperatorError('InvalidOutput', `node "${node.id}": operator "${node.node.operator}" returned ${describe(out)}; an operator returns one list of items per output port`);
  }
  let res = out as Item[][];
  const count = Math.max(node.outputCount, res.length);
  if (res.length < count) {
    res = res.slice();
    while (res.length < count) res.push([]);
  }
  let any = false;
  for (let p = 0; p < count; p++) {
    const port = res[p];
    if (port == null) res[p] = [];
    else if (!Array.isArray(port)) {
      throw new OperatorError('InvalidOutput', `node "${node.id}": operator "${node.node.operator}" returned ${describe(port)} for output ${p}; expected a list of items`);
    } else if (port.length) any = true;
  }
  if (any) defaultPairedItems(inputs, res);
  else if (node.alwaysOutputData && count > 0) {
    if (res === out) res = res.slice();
    res[0] = [{ json: {}, pairedItem: { item: 0 } }];
  }
  return res;
}

/**
 * n8n's rule: when a node received exactly one non-empty input list, output items that do not say
 * where they came from are paired with the input item at the same index (or with item 0 when
 * there was one input item). New items get the field in place; an input item handed straight
 * through belongs to the node upstream, so it is copied instead of changed.
 */
function defaultPairedItems(inputs: Item[][], outputs: Item[][]): void {
  let single = -1;
  for (let p = 0; p < inputs.length; p++) {
    if (!inputs[p]!.length) continue;
    if (single >= 0) return;
    single = p;
  }
  if (single < 0) return;
  const source = inputs[single]!;
  const inLength = source.length;
  for (let p = 0; p < outputs.length; p++) {
    let port = outputs[p]!;
    if (port.length !== inLength && inLength !== 1) continue;
    let copied = port !== source;
    for (let k = 0; k < port.length; k++) {
      const item = port[k]!;
      if (item.pairedItem !== undefined) continue;
      const at = inLength === 1 ? 0 : k;
      const paired: PairedItem = single === 0 ? { item: at } : { item: at, input: single };
      if (item !== source[at] && item !== source[k]) {
        item.pairedItem = paired;
        continue;
      }
      if (!copied) {
        // Replacing elements of the input list itself would rewrite the upstream node's output.
        port = outputs[p] = port.slice();
        copied = true;
      }
      port[k] = { ...item, pairedItem: paired };
    }
  }
}

/** The outputs of a node whose onError is "fallback" (or retry then fallback). */
export function fallbackOutputs(node: CompiledNode, inputs: Item[][], error: RunError): Item[][] {
  const ports = node.outputPorts;
  const count = Math.max(node.outputCount, 1);
  let port = node.policy.fallbackPort === undefined ? 0 : resolvePort(ports, node.policy.fallbackPort);
  if (port < 0) port = 0;
  const out: Item[][] = [];
  for (let p = 0; p < count; p++) out.push([]);
  const errorJson: JsonObject = { code: error.code, message: error.message };
  if (node.policy.errorItems === 'n8n') {
    // n8n's nodes, continuing on failure, emit `{ error: message }` paired with each input item.
    const first = inputs.find((list) => list.length) ?? [];
    out[port] = first.length ? first.map((_, k) => ({ json: { error: error.message }, pairedItem: { item: k } })) : [{ json: { error: error.message } }];
  } else if (node.policy.fallbackOutput) {
    out[port] = node.policy.fallbackOutput.map((json) => ({ json: { ...json } }));
  } else {
    const first = inputs.find((list) => list.length) ?? [];
    out[port] = first.length
      ? first.map((item, k) => ({ json: { ...item.json, error: errorJson }, pairedItem: { item: k } }))
      : [{ json: { error: errorJson } }];
  }
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** A disabled node's outputs, one set per run: its first non-empty input passes through output 0, other outputs stay empty. */
export function disabledOutputs(node: CompiledNode, runs: ReadonlyArray<{ inputs: Item[][] }>): Item[][][] {
  return runs.map(({ inputs }) => {
    const out: Item[][] = [];
    for (let p = 0; p < Math.max(1, node.outputCount); p++) out.push(p === 0 ? (inputs.find((list) => list.length) ?? []) : []);
    return out;
  });
}
