import type { Item, JsonValue, OperatorContext } from '../operator';
import type { ExpressionScope } from '../../expression/run-data';
import { evaluateConditions } from '../../expression/conditions';

/**
 * A context that can hand out the expression scope of an item. When the conductor offers it,
 * conditions are evaluated lazily from the raw parameter (a later condition's expression is not
 * evaluated once the result is known, as in n8n); otherwise they are resolved through `param`.
 */
interface ScopedContext {
  expressionScope?(itemIndex: number): ExpressionScope;
}

/** Reads `path` (`conditions`, `rules.values[2].conditions`) out of a parameter object. */
function at(value: JsonValue | undefined, path: string[]): JsonValue | undefined {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, JsonValue>)[key];
  }
  return current;
}

/**
 * Whether one item passes the condition set at `path` inside parameter `param` (n8n's filter
 * parameter), compared by the expression module's condition engine. As in n8n's engine, only
 * the condition set's own `options` (caseSensitive, typeValidation) say how to compare: n8n's
 * editor copies the node's "Ignore Case" and "Convert types" settings into them.
 */
export function itemPasses(ctx: OperatorContext, param: string, path: string[], inputs: Item[][], itemIndex: number): boolean {
  const where = { nodeId: ctx.nodeId, parameter: [param, ...path].join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]') };
  const scoped = (ctx as OperatorContext & ScopedContext).expressionScope;
  if (typeof scoped === 'function') {
    return evaluateConditions(at(ctx.rawParams[param], path) ?? null, scoped.call(ctx, itemIndex), where);
  }
  // Resolved for this item by the conductor: nothing is left to evaluate, the scope only names the node.
  const scope: ExpressionScope = { run: { get: () => undefined }, node: { id: ctx.nodeId, name: ctx.nodeName }, inputs, itemIndex, now: new Date(0) };
  return evaluateConditions(at(ctx.param(param, itemIndex), path) ?? null, scope, where);
}
