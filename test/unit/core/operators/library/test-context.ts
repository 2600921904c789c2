import type { JsonValue, Operator, OperatorContext, OperatorServices, PortItems } from '../../../../../src/core/operators/operator';

/** A plain context for one operator: parameters as given (no expressions), defaults from the description. */
export function contextFor(op: Operator, workspaceRoot: string, params: Record<string, JsonValue>, services: OperatorServices = {}): OperatorContext & { logs: string[] } {
  const logs: string[] = [];
  const defaults = new Map(op.description.params.map((p) => [p.name, p.default]));
  return {
    nodeId: 'n1',
    nodeName: 'Node 1',
    rawParams: params,
    workspaceRoot,
    services,
    logs,
    param<T>(name: string, _i = 0, fallback?: T): T {
      return (params[name] ?? defaults.get(name) ?? fallback) as T;
    },
    log: (level, message) => logs.push(`${level}: ${message}`),
    progress: () => undefined,
  };
}

export async function run(op: Operator, root: string, params: Record<string, JsonValue>, inputs: PortItems = [[]], services: OperatorServices = {}) {
  return op.execute(contextFor(op, root, params, services), inputs, new AbortController().signal);
}
