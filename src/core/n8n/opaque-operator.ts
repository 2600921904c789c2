import type { Disposable } from '../base/disposable';
import { DisposableStore } from '../base/disposable';
import { type Operator, OperatorError, type PortDescription } from '../operators/operator';
import type { OperatorRegistry } from '../operators/operator-registry';
import type { Melody } from '../melody/melody-schema';
import { OPAQUE_PREFIX } from './node-map';

/** What the nodes of one opaque type use: parameter names and port names, so validation accepts them. */
export interface OpaqueUsage {
  params?: Iterable<string>;
  inputs?: Iterable<string>;
  outputs?: Iterable<string>;
}

/** `main` first, then numbered ports in order, then named ones (ai_tool…). */
function portList(names: Iterable<string>): PortDescription[] {
  const all = [...new Set(['main', ...names])];
  const rank = (n: string) => (n === 'main' ? -1 : /^\d+$/.test(n) ? Number(n) : Number.MAX_SAFE_INTEGER);
  all.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return all.map((name) => ({ name, type: 'any', required: false }));
}

/**
 * The operator behind an imported n8n node Symphony cannot run (`n8n.<type>`): the melody
 * validates and the other branches run; this node fails with a message saying what to do.
 */
export function opaqueN8nOperator(operatorId: string, usage: OpaqueUsage = {}): Operator {
  const type = operatorId.slice(OPAQUE_PREFIX.length);
  return {
    // Built directly, not through defineOperator: n8n types contain capitals the id pattern refuses.
    description: {
      id: operatorId,
      version: '1.0.0',
      displayName: `n8n: ${type.split('.').pop()}`,
      description: `An n8n node (${type}) kept from an imported workflow; Symphony cannot run it.`,
      category: 'n8n',
      icon: 'question',
      inputs: portList(usage.inputs ?? []),
      outputs: portList(usage.outputs ?? []),
      params: [...new Set(usage.params ?? [])].map((name) => ({ name, type: 'json' as const, description: 'Kept from n8n.' })),
      permissions: [],
      source: 'builtin',
      availability: 'everywhere',
    },
    async execute(ctx) {
      throw new OperatorError(
        'UnsupportedN8nNode',
        `Node "${ctx.nodeName}" is the n8n node type ${type}, which Symphony cannot run. Replace it with a Symphony operator (or a core.code node), or disable it; it is kept so the workflow exports back to n8n unchanged.`,
        { type },
      );
    },
  };
}

/** Registers an opaque operator for every `n8n.*` operator a melody uses that the registry lacks. */
export function registerOpaqueN8nOperators(registry: OperatorRegistry, melody: Melody): Disposable {
  const store = new DisposableStore();
  const usage = new Map<string, { params: Set<string>; inputs: Set<string>; outputs: Set<string> }>();
  const operatorOf = new Map(melody.nodes.map((n) => [n.id, n.operator]));
  const usageOf = (operator: string) => {
    let u = usage.get(operator);
    if (!u) usage.set(operator, (u = { params: new Set(), inputs: new Set(), outputs: new Set() }));
    return u;
  };
  for (const node of melody.nodes) {
    // Every opaque node registers, even one with no parameters and plain connections.
    if (!node.operator.startsWith(OPAQUE_PREFIX)) continue;
    const u = usageOf(node.operator);
    for (const p of Object.keys(node.params ?? {})) u.params.add(p);
  }
  for (const c of melody.connections ?? []) {
    const from = operatorOf.get(c.from.node);
    const to = operatorOf.get(c.to.node);
    if (from?.startsWith(OPAQUE_PREFIX) && c.from.port !== undefined) usageOf(from).outputs.add(String(c.from.port));
    if (to?.startsWith(OPAQUE_PREFIX) && c.to.port !== undefined) usageOf(to).inputs.add(String(c.to.port));
  }
  for (const [operator, u] of usage) {
    if (!registry.has(operator)) store.add(registry.register(opaqueN8nOperator(operator, u)));
  }
  return store;
}
