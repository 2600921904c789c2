import { ExpressionError, type ExpressionScope } from '../expression/run-data';
import type { JsonValue } from '../operators/operator';

/** Evaluates a parameter value (expressions anywhere inside) for one item. */
export type EvaluateParameter = (value: JsonValue, scope: ExpressionScope, where: { nodeId: string; parameter: string }) => JsonValue;

// The expression engine lands in src/core/expression/; once it exports evaluateParameter this
// becomes: export { evaluateParameter } from '../expression/index';
export const evaluateParameter: EvaluateParameter = (value, _scope, where) => {
  throw new ExpressionError(
    `node "${where.nodeId}": parameter "${where.parameter}" holds an expression, and this build has no expression engine`,
    where.nodeId,
    where.parameter,
    0,
    typeof value === 'string' ? value : undefined,
  );
};
