import type { OperatorDescription, PortDescription } from '../core/operators/operator';

/**
 * Which connections the board accepts. Shared by the webview (to refuse a drag with a reason) and
 * the host (to refuse an intent that slipped through). No zod here, so the webview bundle stays lean.
 */

/** Two port types fit when they are equal, or either is `any`; `items` carries any JSON item. */
export function portTypesFit(from: PortDescription['type'], to: PortDescription['type']): boolean {
  if (from === to || from === 'any' || to === 'any') return true;
  // A list of items can feed a port that takes json, and json can feed items: both are JSON objects.
  const jsonish = new Set(['items', 'json']);
  return jsonish.has(from) && jsonish.has(to);
}

/** The minimum a rule needs to know about a node. */
export interface RuleNode {
  id: string;
  operator: string;
}

/** A connection as the rules see it. */
export interface RuleConnection {
  from: { node: string; port: string };
  to: { node: string; port: string };
}

/** Ports of an operator; an unknown operator gets one `main` port of type `any` each way. */
export function portsOf(description: OperatorDescription | undefined, side: 'inputs' | 'outputs'): PortDescription[] {
  if (!description) return [{ name: 'main', type: 'any', required: false }];
  return description[side];
}

/**
 * Why a connection may not be made, or undefined when it may. The message names both ends and
 * says what would fit, so the user can act on it.
 */
export function connectionProblem(
  connection: RuleConnection,
  nodes: ReadonlyMap<string, RuleNode>,
  operators: ReadonlyMap<string, OperatorDescription>,
  existing: readonly RuleConnection[],
): string | undefined {
  const source = nodes.get(connection.from.node);
  const target = nodes.get(connection.to.node);
  if (!source) return `There is no node "${connection.from.node}" to connect from.`;
  if (!target) return `There is no node "${connection.to.node}" to connect to.`;
  if (source.id === target.id) return `"${source.id}" cannot be connected to itself.`;
  const out = portsOf(operators.get(source.operator), 'outputs').find((p) => p.name === connection.from.port);
  if (!out) return `"${source.id}" (${source.operator}) has no output port "${connection.from.port}".`;
  const input = portsOf(operators.get(target.operator), 'inputs').find((p) => p.name === connection.to.port);
  if (!input) return `"${target.id}" (${target.operator}) has no input port "${connection.to.port}".`;
  if (!portTypesFit(out.type, input.type)) {
    return `Type mismatch: ${source.id}.${out.name} gives ${out.type} but ${target.id}.${input.name} takes ${input.type}.`;
  }
  const same = existing.some(
    (c) => c.from.node === connection.from.node && c.from.port === connection.from.port && c.to.node === connection.to.node && c.to.port === connection.to.port,
  );
  if (same) return `${source.id}.${out.name} is already connected to ${target.id}.${input.name}.`;
  if (reaches(connection.to.node, connection.from.node, existing)) {
    return `Connecting ${source.id} → ${target.id} would make a cycle; melodies run as a directed graph without loops.`;
  }
  return undefined;
}

/** Whether `to` is reachable from `from` along existing connections. */
function reaches(from: string, to: string, connections: readonly RuleConnection[]): boolean {
  const next = new Map<string, string[]>();
  for (const c of connections) {
    const list = next.get(c.from.node);
    if (list) list.push(c.to.node);
    else next.set(c.from.node, [c.to.node]);
  }
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const n of next.get(id) ?? []) stack.push(n);
  }
  return false;
}
