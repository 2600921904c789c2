import type { Disposable } from '../base/disposable';
import { DisposableStore } from '../base/disposable';
import { type Operator, OperatorError } from '../operators/operator';
import type { OperatorRegistry } from '../operators/operator-registry';
import type { Melody } from '../melody/melody-schema';
import { OPAQUE_PREFIX } from './node-map';

/**
 * The operator behind an imported n8n node Symphony cannot run (`n8n.<type>`): the melody
 * validates and the other branches run; this node fails with a message saying what to do.
 */
export function opaqueN8nOperator(operatorId: string): Operator {
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
      inputs: [{ name: 'main', type: 'any', required: false }],
      outputs: [{ name: 'main', type: 'any', required: false }],
      params: [],
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
  for (const node of melody.nodes) {
    if (node.operator.startsWith(OPAQUE_PREFIX) && !registry.has(node.operator)) store.add(registry.register(opaqueN8nOperator(node.operator)));
  }
  return store;
}
