import type { Diagnostic } from '../base/diagnostic';
import { closest } from '../base/diagnostic';
import type { JsonValue } from '../operators/operator';
import { describeType, parseConditionValue, type ConditionType } from './condition-values';
import type { ExprDateTime } from './date-time';
import { evaluateTemplate, isExpression, type EvaluateOptions, type ParameterLocation } from './evaluate';
import { ExpressionError, type ExpressionScope } from './run-data';
import { checkRegexSafety, ExpressionFault } from './runtime';

/** One condition of n8n's filter parameter (If 2.x, Filter 2.x, Switch 3.x rules). */
export interface FilterCondition {
  id?: string;
  leftValue?: JsonValue;
  rightValue?: JsonValue;
  operator: { type: string; operation: string; singleValue?: boolean; rightType?: string; name?: string };
}

/** n8n's filter parameter value: `{ options, conditions, combinator }`. */
export interface FilterValue {
  options?: { caseSensitive?: boolean; typeValidation?: 'strict' | 'loose'; leftValue?: string; version?: number };
  conditions?: FilterCondition[];
  combinator?: 'and' | 'or';
}

/** Node-level settings that override the filter's own options (If/Filter "ignore case", "convert types"). */
export interface ConditionOverrides {
  /** n8n's node option `looseTypeValidation` ("Convert types where required"). */
  looseTypeValidation?: boolean;
  /** n8n's node option `ignoreCase`. */
  ignoreCase?: boolean;
}

/** The operations n8n offers per type; `exists` and `notExists` work for every type. */
export const CONDITION_OPERATIONS: Readonly<Record<ConditionType, readonly string[]>> = {
  string: ['exists', 'notExists', 'empty', 'notEmpty', 'equals', 'notEquals', 'contains', 'notContains', 'startsWith', 'notStartsWith', 'endsWith', 'notEndsWith', 'regex', 'notRegex'],
  number: ['exists', 'notExists', 'empty', 'notEmpty', 'equals', 'notEquals', 'gt', 'lt', 'gte', 'lte'],
  dateTime: ['exists', 'notExists', 'empty', 'notEmpty', 'equals', 'notEquals', 'after', 'before', 'afterOrEquals', 'beforeOrEquals'],
  boolean: ['exists', 'notExists', 'empty', 'notEmpty', 'true', 'false', 'equals', 'notEquals'],
  array: ['exists', 'notExists', 'empty', 'notEmpty', 'contains', 'notContains', 'lengthEquals', 'lengthNotEquals', 'lengthGt', 'lengthLt', 'lengthGte', 'lengthLte'],
  object: ['exists', 'notExists', 'empty', 'notEmpty'],
  any: ['exists', 'notExists'],
};

/** n8n's operator definitions give these a right side of another type. */
function defaultRightType(type: ConditionType, operation: string): ConditionType {
  if (type !== 'array') return type;
  if (operation === 'contains' || operation === 'notContains') return 'any';
  return operation.startsWith('length') ? 'number' : type;
}

const SINGLE_VALUE = new Set(['exists', 'notExists', 'empty', 'notEmpty', 'true', 'false']);

function regexFrom(pattern: string, ignoreCase: boolean, fail: (m: string) => never): RegExp {
  const m = /^\/(.*?)\/([gimusy]*)$/.exec(pattern);
  try {
    checkRegexSafety(m ? m[1]! : pattern);
    if (!m) return new RegExp(pattern, ignoreCase ? 'i' : '');
    const flags = ignoreCase && !m[2]!.includes('i') ? `${m[2]}i` : m[2];
    return new RegExp(m[1]!, flags);
  } catch (e) {
    if (e instanceof ExpressionFault) return fail(e.message);
    return fail(`'${pattern}' is not a valid regular expression: ${(e as Error).message}`);
  }
}

function arrayContains(list: unknown[], value: unknown, ignoreCase: boolean): boolean {
  if (ignoreCase && typeof value === 'string') {
    const needle = value.toLocaleLowerCase();
    return list.some((v) => typeof v === 'string' && v.toLocaleLowerCase() === needle);
  }
  return list.includes(value);
}

function resolveSide(value: JsonValue | undefined, scope: ExpressionScope, where: ParameterLocation, options: EvaluateOptions): unknown {
  return isExpression(value) ? evaluateTemplate(value, scope, where, options) : value;
}

function compareTimes(op: string, l: ExprDateTime, r: ExprDateTime): boolean | undefined {
  switch (op) {
    case 'equals': return l.ms === r.ms;
    case 'notEquals': return l.ms !== r.ms;
    case 'after': return l.ms > r.ms;
    case 'before': return l.ms < r.ms;
    case 'afterOrEquals': return l.ms >= r.ms;
    case 'beforeOrEquals': return l.ms <= r.ms;
    default: return undefined;
  }
}

/** Evaluates one condition for the current item. */
export function evaluateCondition(
  condition: FilterCondition,
  filterOptions: FilterValue['options'],
  scope: ExpressionScope,
  where: ParameterLocation,
  overrides: ConditionOverrides = {},
  options: EvaluateOptions = {},
): boolean {
  const opts = filterOptions ?? {};
  const ignoreCase = overrides.ignoreCase ?? !(opts.caseSensitive ?? true);
  const strict = overrides.looseTypeValidation ? false : (opts.typeValidation ?? 'strict') === 'strict';
  const version = opts.version ?? 1;
  const type = condition.operator?.type as ConditionType;
  const operation = condition.operator?.operation;
  const fail = (message: string): never => {
    throw new ExpressionError(`Condition failed in node "${where.nodeId}", ${where.parameter}, item ${scope.itemIndex}: ${message}`, where.nodeId, where.parameter);
  };
  if (!Object.prototype.hasOwnProperty.call(CONDITION_OPERATIONS, type)) {
    fail(`'${String(type)}' is not a condition type; use one of ${Object.keys(CONDITION_OPERATIONS).join(', ')}`);
  }
  if (!CONDITION_OPERATIONS[type].includes(operation)) {
    const guess = closest(String(operation), CONDITION_OPERATIONS[type]);
    fail(`'${String(operation)}' is not an operation for ${type} values${guess ? `; did you mean '${guess}'?` : ''}`);
  }
  const single = condition.operator.singleValue ?? SINGLE_VALUE.has(operation);
  const leftRaw = resolveSide(condition.leftValue, scope, { nodeId: where.nodeId, parameter: `${where.parameter}.leftValue` }, options);
  const rightRaw = single ? undefined : resolveSide(condition.rightValue, scope, { nodeId: where.nodeId, parameter: `${where.parameter}.rightValue` }, options);
  const rightType = (condition.operator.rightType ?? defaultRightType(type, operation)) as ConditionType;
  const left = parseConditionValue(leftRaw, type, strict, version);
  const right = single ? { valid: true as const, value: undefined } : parseConditionValue(rightRaw, rightType, strict, version);
  const hint = strict ? " Convert the value (e.g. .toNumber(), .toString()) or turn on 'Convert types where required' (loose type validation)." : ' Try another comparison type.';
  const show = (v: unknown) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
  if (!left.valid && !right.valid && typeof leftRaw === typeof rightRaw) fail(`the comparison expects ${describeType(type === 'array' ? [] : type === 'number' ? 0 : '')} but both values are ${describeType(leftRaw)}.${hint}`);
  const wrong = (v: unknown, t: string) =>
    strict ? `wrong type: '${show(v)}' is ${describeType(v)} but ${t} was expected.${hint}` : `'${show(v)}' (${describeType(v)}) cannot be converted to ${t}.${hint}`;
  if (!left.valid) fail(`left value ${wrong(leftRaw, type)}`);
  if (!right.valid) fail(`right value ${wrong(rightRaw, rightType)}`);

  let l = (left as { value: unknown }).value;
  let r = (right as { value: unknown }).value;
  const exists = l !== undefined && l !== null && !Number.isNaN(l);
  if (operation === 'exists') return exists;
  if (operation === 'notExists') return !exists;

  switch (type) {
    case 'string': {
      if (ignoreCase && operation !== 'regex' && operation !== 'notRegex') {
        if (typeof l === 'string') l = l.toLocaleLowerCase();
        if (typeof r === 'string') r = r.toLocaleLowerCase();
      }
      const ls = (l ?? '') as string;
      const rs = (r ?? '') as string;
      switch (operation) {
        case 'empty': return ls.length === 0;
        case 'notEmpty': return ls.length !== 0;
        case 'equals': return ls === rs;
        case 'notEquals': return ls !== rs;
        case 'contains': return ls.includes(rs);
        case 'notContains': return !ls.includes(rs);
        case 'startsWith': return ls.startsWith(rs);
        case 'notStartsWith': return !ls.startsWith(rs);
        case 'endsWith': return ls.endsWith(rs);
        case 'notEndsWith': return !ls.endsWith(rs);
        case 'regex': return regexFrom(rs, ignoreCase, fail).test(ls);
        case 'notRegex': return !regexFrom(rs, ignoreCase, fail).test(ls);
      }
      break;
    }
    case 'number': {
      const ln = l as number;
      const rn = r as number;
      switch (operation) {
        case 'empty': return !exists;
        case 'notEmpty': return exists;
        case 'equals': return ln === rn;
        case 'notEquals': return ln !== rn;
        case 'gt': return ln > rn;
        case 'lt': return ln < rn;
        case 'gte': return ln >= rn;
        case 'lte': return ln <= rn;
      }
      break;
    }
    case 'dateTime': {
      if (operation === 'empty') return !exists;
      if (operation === 'notEmpty') return exists;
      if (!l || !r) return false;
      return compareTimes(operation, l as ExprDateTime, r as ExprDateTime) ?? false;
    }
    case 'boolean':
      switch (operation) {
        case 'empty': return !exists;
        case 'notEmpty': return exists;
        case 'true': return l === true;
        case 'false': return !l;
        case 'equals': return l === r;
        case 'notEquals': return l !== r;
      }
      break;
    case 'array': {
      const list = (l ?? []) as unknown[];
      const n = r as number;
      switch (operation) {
        case 'contains': return arrayContains(list, r, ignoreCase);
        case 'notContains': return !arrayContains(list, r, ignoreCase);
        case 'lengthEquals': return list.length === n;
        case 'lengthNotEquals': return list.length !== n;
        case 'lengthGt': return list.length > n;
        case 'lengthLt': return list.length < n;
        case 'lengthGte': return list.length >= n;
        case 'lengthLte': return list.length <= n;
        case 'empty': return list.length === 0;
        case 'notEmpty': return list.length !== 0;
      }
      break;
    }
    case 'object':
      if (operation === 'empty') return !l || Object.keys(l as object).length === 0;
      if (operation === 'notEmpty') return !!l && Object.keys(l as object).length !== 0;
      break;
  }
  return false;
}

function asFilter(value: unknown, where: ParameterLocation): FilterValue {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ExpressionError(`Node "${where.nodeId}", ${where.parameter}: expected conditions as { conditions: [...], combinator: "and" | "or" }`, where.nodeId, where.parameter);
  }
  return value as FilterValue;
}

/**
 * Evaluates n8n's filter parameter (If 2.x, Filter 2.x, a Switch 3.x rule) for the current item:
 * every condition's sides are evaluated as expressions, converted to the operator's type, and
 * combined with `and` (all must pass; an empty list passes) or `or` (one must pass).
 */
export function evaluateConditions(
  conditions: JsonValue | FilterValue,
  scope: ExpressionScope,
  where: ParameterLocation,
  overrides: ConditionOverrides = {},
  options: EvaluateOptions = {},
): boolean {
  const filter = asFilter(conditions, where);
  const list = filter.conditions ?? [];
  const check = (c: FilterCondition, i: number) =>
    evaluateCondition(c, filter.options, scope, { nodeId: where.nodeId, parameter: `${where.parameter}.conditions[${i}]` }, overrides, options);
  const combinator = filter.combinator ?? 'and';
  if (combinator === 'and') return list.every(check);
  if (combinator === 'or') return list.some(check);
  throw new ExpressionError(`Node "${where.nodeId}", ${where.parameter}.combinator: '${String(combinator)}' is not a combinator; use "and" or "or"`, where.nodeId, where.parameter);
}

/** Checks a filter parameter without evaluating it: unknown types, operations and combinators. */
export function validateConditions(conditions: unknown, path = 'conditions'): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!conditions || typeof conditions !== 'object' || Array.isArray(conditions)) {
    return [{ severity: 'error', code: 'InvalidConditions', message: 'expected { conditions: [...], combinator: "and" | "or" }', path, source: 'expression' }];
  }
  const filter = conditions as FilterValue;
  if (filter.combinator !== undefined && filter.combinator !== 'and' && filter.combinator !== 'or') {
    out.push({ severity: 'error', code: 'InvalidCombinator', message: `'${String(filter.combinator)}' is not a combinator`, fix: 'use "and" or "or"', path: `${path}.combinator`, source: 'expression' });
  }
  (filter.conditions ?? []).forEach((c, i) => {
    const at = `${path}.conditions[${i}].operator`;
    const type = c?.operator?.type as ConditionType;
    if (!Object.prototype.hasOwnProperty.call(CONDITION_OPERATIONS, type)) {
      const guess = closest(String(type), Object.keys(CONDITION_OPERATIONS));
      out.push({ severity: 'error', code: 'UnknownConditionType', message: `'${String(type)}' is not a condition type`, fix: guess ? `did you mean '${guess}'?` : `use one of ${Object.keys(CONDITION_OPERATIONS).join(', ')}`, path: `${at}.type`, source: 'expression' });
      return;
    }
    if (!CONDITION_OPERATIONS[type].includes(c.operator.operation)) {
      const guess = closest(String(c.operator.operation), CONDITION_OPERATIONS[type]);
      out.push({ severity: 'error', code: 'UnknownConditionOperation', message: `'${String(c.operator.operation)}' is not an operation for ${type} values`, fix: guess ? `did you mean '${guess}'?` : `use one of ${CONDITION_OPERATIONS[type].join(', ')}`, path: `${at}.operation`, source: 'expression' });
    }
  });
  return out;
}
