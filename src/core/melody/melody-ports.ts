import type { JsonValue, Operator, PortDescription } from '../operators/operator';
import type { MelodyNode, PortRef } from './melody-schema';

/**
 * An operator whose ports depend on its parameters (core.switch: one output per rule). It
 * implements these next to `execute`; validation and the conductor ask them before the
 * description's static lists.
 */
export interface DynamicPorts {
  inputsFor?(params: Readonly<Record<string, JsonValue>>): PortDescription[];
  outputsFor?(params: Readonly<Record<string, JsonValue>>): PortDescription[];
}

/**
 * The input and output ports of an operator for a node's parameters — and, when the node sends
 * failed items to an error output, that port too.
 */
export function operatorPorts(
  operator: Operator,
  params: Readonly<Record<string, JsonValue>> | undefined,
  node?: Pick<MelodyNode, 'onError'>,
): { inputs: PortDescription[]; outputs: PortDescription[] } {
  const dyn = operator as Operator & DynamicPorts;
  const p = params ?? {};
  const outputs = dyn.outputsFor?.(p) ?? operator.description.outputs;
  return { inputs: dyn.inputsFor?.(p) ?? operator.description.inputs, outputs: node ? withErrorOutput(outputs, node) : outputs };
}

const ERROR_PORT: PortDescription = Object.freeze({ name: 'error', displayName: 'Error', type: 'any', required: false });

/**
 * A node whose onError sends failed items to a port named "error" (n8n's "continue (using error
 * output)") gets that port after the operator's own, so "error" and the next index both name it.
 */
export function withErrorOutput(outputs: PortDescription[], node: Pick<MelodyNode, 'onError'>): PortDescription[] {
  const onError = node.onError;
  if (!onError || onError.strategy === 'skip' || onError.strategy === 'halt' || onError.port !== 'error') return outputs;
  if (outputs.some((p) => p.name === 'error')) return outputs;
  return [...outputs, ERROR_PORT];
}

/**
 * The index of a port reference in a port list, or -1. A missing reference means port 0; a
 * number or a string of digits is an index; any other string is a port name.
 */
export function resolvePort(ports: readonly PortDescription[], ref: PortRef | undefined): number {
  if (ref === undefined) return ports.length > 0 ? 0 : -1;
  if (typeof ref === 'number') return ref < ports.length ? ref : -1;
  for (let i = 0; i < ports.length; i++) if (ports[i]!.name === ref) return i;
  if (/^\d+$/.test(ref)) {
    const n = Number(ref);
    return n < ports.length ? n : -1;
  }
  return -1;
}

/** For an operator nobody knows: numbers and digit strings are indexes, "main" is port 0. */
export function resolvePortLoosely(ref: PortRef | undefined): number {
  if (ref === undefined || ref === 'main') return 0;
  if (typeof ref === 'number') return ref;
  return /^\d+$/.test(ref) ? Number(ref) : -1;
}

/** Two port types connect when either is `any` or they are equal. */
export function portTypesCompatible(from: string, to: string): boolean {
  return from === to || from === 'any' || to === 'any';
}
