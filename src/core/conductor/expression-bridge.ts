import type { ExpressionScope } from '../expression/run-data';
import type { JsonValue } from '../operators/operator';

/** Evaluates a parameter value (expressions anywhere inside) for one item. */
export type EvaluateParameter = (value: JsonValue, scope: ExpressionScope, where: { nodeId: string; parameter: string }) => JsonValue;

// The conductor reaches the expression engine through this one line, so tests of the engine and
// of the conductor stay independent.
export { evaluateParameter } from '../expression/index';
