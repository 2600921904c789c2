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
  from: { node: string; port?: string | number };
  to: { node: string; port?: string | number };
}

/** Ports of an operator; an unknown operator gets one `main` port of type `any` each way. */
export function portsOf(description: OperatorDescription | undefined, side: 'inputs' | 'outputs'): PortDescription[] {
  if (!description) return [{ name: 'main', type: 'any', required: false }];
  return description[side];
}

/** A port by name or 0-based index; a missing reference means port 0 (`main`). */
export function findPort(ports: readonly PortDescription[], ref: string | number | undefined): PortDescription | undefined {
  if (ref === undefined) return ports[0];
  return typeof ref === 'number' ? ports[ref] : ports.find((p) => p.name === ref);
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
  const out = findPort(portsOf(operators.get(source.operator), 'outputs'), connection.from.port);
  if (!out) return `"${source.id}" (${source.operator}) has no output port "${connection.from.port}".`;
  const input = findPort(portsOf(operators.get(target.operator), 'inputs'), connection.to.port);
  if (!input) return `"${target.id}" (${target.operator}) has no input port "${connection.to.port}".`;
  if (!portTypesFit(out.type, input.type)) {
    return `Type mismatch: ${source.id}.${out.name} gives ${out.type} but ${target.id}.${input.name} takes ${input.type}.`;
  }
  const sourcePorts = portsOf(operators.get(source.operator), 'outputs');
  const targetPorts = portsOf(operators.get(target.operator), 'inputs');
  const same = existing.some(
    (c) =>
      c.from.node === source.id &&
      c.to.node === target.id &&
      findPort(sourcePorts, c.from.port)?.name === out.name &&
      findPort(targetPorts, c.to.port)?.name === input.name,
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
