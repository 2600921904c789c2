import { defineOperator, OperatorRegistry } from '../../../../src/core/operators/operator-registry';
import { type Item, type JsonObject, OperatorError } from '../../../../src/core/operators/operator';

/** What the test operators observed: the order nodes ran in, and attempts per node. */
export interface Trace {
  order: string[];
  attempts: Map<string, number>;
  signals: Map<string, AbortSignal>;
}

/** A registry of small operators that exercise the conductor without the core.* ones. */
export function testRegistry(trace: Trace = newTrace()): OperatorRegistry {
  const registry = new OperatorRegistry();
  const seen = (id: string, signal?: AbortSignal) => {
    trace.order.push(id);
    trace.attempts.set(id, (trace.attempts.get(id) ?? 0) + 1);
    if (signal) trace.signals.set(id, signal);
  };
  registry.register(defineOperator({ id: 'test.pass', displayName: 'Pass' }, async (ctx, inputs) => {
    seen(ctx.nodeId);
    return [inputs[0] ?? []];
  }));
  registry.register(defineOperator({ id: 'test.trigger', displayName: 'Trigger', inputs: [] }, async (ctx) => {
    seen(ctx.nodeId);
    return [[{ json: {} }]];
  }));
  registry.register(defineOperator(
    { id: 'test.source', displayName: 'Source', params: [{ name: 'items', type: 'json', required: true }] },
    async (ctx) => {
      seen(ctx.nodeId);
      return [ctx.param<JsonObject[]>('items').map((json) => ({ json }))];
    },
  ));
  registry.register(defineOperator(
    { id: 'test.set', displayName: 'Set', params: [{ name: 'fields', type: 'collection', default: {} }, { name: 'count', type: 'number', min: 0, max: 10 }] },
    async (ctx, inputs) => {
      seen(ctx.nodeId);
      return [(inputs[0] ?? []).map((item, i) => ({ json: { ...item.json, ...ctx.param<JsonObject>('fields', i) } }))];
    },
  ));
  registry.register(defineOperator(
    {
      id: 'test.route',
      displayName: 'Route',
      outputs: [{ name: 'yes', type: 'items', required: false }, { name: 'no', type: 'items', required: false }],
      params: [{ name: 'field', type: 'string', required: true }],
    },
    async (ctx, inputs) => {
      seen(ctx.nodeId);
      const field = ctx.param<string>('field');
      const yes: Item[] = [];
      const no: Item[] = [];
      (inputs[0] ?? []).forEach((item, i) => (item.json[field] ? yes : no).push({ json: item.json, pairedItem: { item: i } }));
      return [yes, no];
    },
  ));
  registry.register(defineOperator(
    {
      id: 'test.join',
      displayName: 'Join',
      inputs: [{ name: 'left', type: 'items', required: true }, { name: 'right', type: 'items', required: false }],
    },
    async (ctx, inputs) => {
      seen(ctx.nodeId);
      return [[...(inputs[0] ?? []), ...(inputs[1] ?? [])]];
    },
  ));
  registry.register(defineOperator(
    { id: 'test.fail', displayName: 'Fail', params: [{ name: 'times', type: 'number', default: 1000 }] },
    async (ctx, inputs, signal) => {
      seen(ctx.nodeId, signal);
      if ((trace.attempts.get(ctx.nodeId) ?? 0) <= ctx.param<number>('times')) throw new OperatorError('Boom', `node ${ctx.nodeId} failed on purpose`);
      return [inputs[0] ?? []];
    },
  ));
  registry.register(defineOperator(
    { id: 'test.slow', displayName: 'Slow', params: [{ name: 'ms', type: 'number', default: 50 }, { name: 'ignoreSignal', type: 'boolean', default: false }] },
    (ctx, inputs, signal) => {
      seen(ctx.nodeId, signal);
      const ms = ctx.param<number>('ms');
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve([inputs[0] ?? []]), ms);
        if (!ctx.param<boolean>('ignoreSignal')) {
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new OperatorError('Aborted', 'aborted'));
          });
        }
      });
    },
  ));
  registry.register(defineOperator(
    { id: 'test.text', displayName: 'Text', inputs: [{ name: 'main', type: 'text', required: false }], outputs: [{ name: 'main', type: 'number', required: false }] },
    async (_ctx, inputs) => [inputs[0] ?? []],
  ));
  registry.register(defineOperator({ id: 'test.ask', displayName: 'Ask' }, async (ctx, inputs) => {
    seen(ctx.nodeId);
    const ask = ctx.services.requestInput as ((r: { nodeId: string; prompt: string }) => Promise<unknown>) | undefined;
    const answer = await ask!({ nodeId: ctx.nodeId, prompt: 'Your name?' });
    return [(inputs[0] ?? []).map((item) => ({ json: { ...item.json, answer: answer as string } }))];
  }));
  return registry;
}

export function newTrace(): Trace {
  return { order: [], attempts: new Map(), signals: new Map() };
}

/** Builds melody/1 documents tersely: `node('a', 'test.pass')`, `link('a', 'b')`. */
export function node(id: string, operator: string, extra: Record<string, unknown> = {}): { id: string; operator: string } & Record<string, unknown> {
  return { id, operator, ...extra };
}

export function link(from: string, to: string, fromPort?: string | number, toPort?: string | number) {
  return { from: { node: from, ...(fromPort === undefined ? {} : { port: fromPort }) }, to: { node: to, ...(toPort === undefined ? {} : { port: toPort }) } };
}

export function melody(nodes: ReturnType<typeof node>[], connections: ReturnType<typeof link>[], extra: Record<string, unknown> = {}) {
  return { format: 'melody/1' as const, name: 'test melody', nodes, connections, ...extra };
}

/** The json of a node's items on one port. */
export function jsonOf(items: Item[] | undefined): JsonObject[] {
  return (items ?? []).map((i) => i.json);
}
