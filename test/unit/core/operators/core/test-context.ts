import { evaluateParameter } from '../../../../../src/core/expression/index';
import type { ExpressionScope, NodeRunRecord } from '../../../../../src/core/expression/run-data';
import type { Item, JsonObject, JsonValue, Operator, OperatorContext, PortItems } from '../../../../../src/core/operators/operator';

/** Options of a hand-made operator context. */
export interface TestContextOptions {
  nodeId?: string;
  /** Records of nodes that "ran before", for `$('x')` and `$node["x"]`. */
  records?: NodeRunRecord[];
  services?: Record<string, unknown>;
}

/**
 * A small OperatorContext for unit tests: `param` evaluates the node's parameters per item with
 * the real expression module, falling back to the operator's declared defaults.
 */
export function testContext(
  operator: Operator,
  params: Record<string, JsonValue>,
  inputs: Item[][],
  options: TestContextOptions = {},
): OperatorContext & { logs: string[]; expressionScope(itemIndex: number): ExpressionScope } {
  const nodeId = options.nodeId ?? 'Node';
  const records = new Map((options.records ?? []).map((r) => [r.id, r]));
  const defaults = new Map(operator.description.params.map((p) => [p.name, p.default]));
  const logs: string[] = [];
  const scopeOf = (itemIndex: number): ExpressionScope => ({ run: { get: (id) => records.get(id) }, node: { id: nodeId }, inputs, itemIndex, now: new Date('2026-01-01T00:00:00Z') });
  return {
    // The conductor offers this too; operators that evaluate lazily (conditions, JSON mode) use it.
    expressionScope: scopeOf,
    nodeId,
    nodeName: nodeId,
    rawParams: params,
    workspaceRoot: process.cwd(),
    services: options.services ?? {},
    logs,
    log: (level, message) => logs.push(`${level}: ${message}`),
    progress: () => undefined,
    param<T = JsonValue>(name: string, itemIndex = 0, fallback?: T): T {
      const raw = name in params ? params[name]! : (defaults.get(name) ?? fallback);
      if (raw === undefined) return fallback as T;
      return evaluateParameter(raw as JsonValue, scopeOf(itemIndex), { nodeId, parameter: name }) as T;
    },
  };
}

/** Runs an operator on hand-made items with a never-aborting signal. */
export async function run(operator: Operator, params: Record<string, JsonValue>, inputs: Item[][], options?: TestContextOptions): Promise<PortItems> {
  return operator.execute(testContext(operator, params, inputs, options), inputs, new AbortController().signal);
}

/** Items from plain JSON objects. */
export const items = (...json: JsonObject[]): Item[] => json.map((j) => ({ json: j }));

/** The json of every item of one port. */
export const jsonOf = (port: Item[] | undefined): JsonObject[] => (port ?? []).map((i) => i.json);
