/** The expression engine: n8n-compatible `={{ … }}` parameters, evaluated without eval. */
export { ExpressionError, type ExpressionScope, type NodeRunRecord, type RunDataView } from './run-data';
export {
  clearExpressionCache, evaluateExpression, evaluateParameter, evaluateTemplate, isExpression, toJsonValue,
  type EvaluateOptions, type ParameterLocation,
} from './evaluate';
export { DEFAULT_MAX_DEPTH, DEFAULT_MAX_STEPS, type EvaluationLimits } from './interpreter';
export {
  CONDITION_OPERATIONS, evaluateCondition, evaluateConditions, validateConditions,
  type ConditionOverrides, type FilterCondition, type FilterValue,
} from './conditions';
export { parseExpression, type ExpressionDiagnostic, type ParsedExpression } from './validate-expression';
export { WORKFLOW_VARIABLES } from './workflow-variables';
export { GLOBAL_NAMES } from './globals';
export { knownMethodNames } from './value-access';
