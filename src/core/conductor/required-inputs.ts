// Which input ports a node needs items on before it runs, and the reason given when one got none.
import type { Item, JsonValue, Operator } from '../operators/operator';
import type { CompiledNode } from './graph';

/**
 * An optional hook an operator may add beside `execute`: the input ports that must each receive
 * items for the node to run (n8n's `requiredInputs`, e.g. Merge in "choose branch" mode needs both).
 * Without it a node with several inputs runs as soon as any of them has items.
 */
export interface RequiredInputsHook {
  requiredInputs?(params: Readonly<Record<string, JsonValue>>): readonly number[];
}

/** The operator's hook, if it has one. */
export function requiredInputsHook(op: Operator | undefined): RequiredInputsHook['requiredInputs'] | undefined {
  const hook = (op as (Operator & RequiredInputsHook) | undefined)?.requiredInputs;
  return typeof hook === 'function' ? hook : undefined;
}

/** The first required input port that got no items, or undefined when the node may run. */
export function missingRequiredInput(node: CompiledNode, inputs: readonly Item[][]): number | undefined {
  const hook = requiredInputsHook(node.operator);
  if (!hook) return undefined;
  for (const port of hook.call(node.operator, node.params)) {
    if (port >= 0 && port < inputs.length && inputs[port]!.length === 0) return port;
  }
  return undefined;
}

/** Why a node is skipped when required input port `missing` got no items. */
export function missingInputReason(missing: number): string {
  return `input ${missing + 1} received no items, and this node runs only when each of its required inputs has items`;
}
