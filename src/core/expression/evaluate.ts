import type { JsonValue } from '../operators/operator';
import type * as A from './ast';
import { DEFAULT_MAX_STEPS, Interpreter, type EvaluationLimits } from './interpreter';
import { parseCode } from './parser';
import { ExpressionError, type ExpressionScope } from './run-data';
import { ExpressionFault, HostObject, isCallable, isPlainObject, isStackOverflow, RuntimeFault, STACK_MESSAGE } from './runtime';
import { splitTemplate } from './template';
import { SyntaxFault } from './tokenizer';
import { WorkflowVariables } from './workflow-variables';

/** Where a parameter is evaluated, for error messages. */
export interface ParameterLocation {
  nodeId: string;
  /** The parameter's path, e.g. `fields.text` or `conditions.conditions[0].leftValue`. */
  parameter: string;
}

export interface EvaluateOptions extends EvaluationLimits {
  /**
   * n8n turns some failures into "no value" (reading a property of undefined, calling a method the
   * value does not have): the `{{ }}` part evaluates to undefined. With `strict`, they are errors.
   */
  strict?: boolean;
}

/** A parsed parameter string: literal text and compiled `{{ }}` parts, or the syntax problem. */
interface Compiled {
  /** The whole text is one `{{ }}`: the result keeps its type. */
  raw: boolean;
  parts: Array<string | { node: A.Node }>;
  error?: SyntaxFault;
}

const MAX_CACHE = 10_000;
const NO_OPTIONS: EvaluateOptions = Object.freeze({});
const cache = new Map<string, Compiled>();

/** True for a parameter value that is an expression: a string starting with `=`. */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.charCodeAt(0) === 61 /* = */;
}

/** Parses a parameter string (with its leading `=`), once per distinct string. */
function compile(text: string): Compiled {
  let compiled = cache.get(text);
  if (compiled) return compiled;
  try {
    const chunks = splitTemplate(text, 1);
    const parts = chunks.map((c) => (c.kind === 'text' ? c.text : { node: parseCode(text, c.start, c.end) }));
    // As in n8n: only a string that is exactly one {{ }} keeps the value's type.
    compiled = { raw: chunks.length === 1 && chunks[0]!.kind === 'code', parts };
  } catch (e) {
    if (isStackOverflow(e)) compiled = { raw: false, parts: [], error: new SyntaxFault(STACK_MESSAGE, 1) };
    else if (e instanceof SyntaxFault) compiled = { raw: false, parts: [], error: e };
    else throw e;
  }
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(text, compiled);
  return compiled;
}

function toExpressionError(e: unknown, where: ParameterLocation, text: string): unknown {
  if (e instanceof SyntaxFault || e instanceof ExpressionFault || e instanceof RuntimeFault) {
    const at = e.start !== undefined ? ` at position ${e.start}` : '';
    const prefix = e instanceof SyntaxFault ? 'Invalid expression' : 'Expression failed';
    return new ExpressionError(`${prefix} in node "${where.nodeId}", parameter "${where.parameter}"${at}: ${e.message}`, where.nodeId, where.parameter, e.start, text);
  }
  return e;
}

/** What n8n puts in a text for a value: nothing for null, undefined, NaN and ''. */
function textOf(value: unknown): string {
  if (!value && value !== 0 && value !== false) return '';
  if (typeof value === 'string') return value;
  return String(value);
}

function runPart(node: A.Node, scope: ExpressionScope, options: EvaluateOptions): unknown {
  const interpreter = new Interpreter(new WorkflowVariables(scope), scope.now, options);
  try {
    return interpreter.run(node);
  } catch (e) {
    if (e instanceof RuntimeFault && !options.strict) return undefined;
    if (isStackOverflow(e)) throw new ExpressionFault(STACK_MESSAGE, node.start, node.end);
    throw e;
  }
}

/**
 * Evaluates one parameter string (which starts with `=`) and returns the raw result: any value
 * the language can produce, `undefined` included. Most callers want `evaluateParameter`.
 */
export function evaluateTemplate(text: string, scope: ExpressionScope, where: ParameterLocation, options: EvaluateOptions = NO_OPTIONS): unknown {
  const compiled = compile(text);
  try {
    if (compiled.error) throw compiled.error;
    if (compiled.raw) {
      const value = runPart((compiled.parts[0] as { node: A.Node }).node, scope, options);
      if (isCallable(value)) throw new ExpressionFault('The expression is a function; call it with ()', 1);
      return value;
    }
    let out = '';
    for (const part of compiled.parts) out += typeof part === 'string' ? part : textOf(runPart(part.node, scope, options));
    return out;
  } catch (e) {
    throw toExpressionError(e, where, text);
  }
}

/** Sets a data property, even one named `__proto__` (which plain assignment would treat as the prototype). */
function setOwn(target: Record<string, JsonValue>, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Turns an expression's result into JSON data, as it will travel on items. */
export function toJsonValue(value: unknown, depth = 0): JsonValue | undefined {
  if (depth > 200) throw new ExpressionFault('The result is nested too deeply to be stored as JSON');
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value === undefined) return undefined;
  if (isCallable(value) || typeof value === 'function') throw new ExpressionFault('The result is a function; call it with ()');
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v, depth + 1) ?? null);
  if (value instanceof HostObject) return toJsonValue(value.toJSON(), depth + 1);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (isPlainObject(value)) {
    const out: Record<string, JsonValue> = {};
    for (const key of Object.keys(value)) {
      const v = toJsonValue(value[key], depth + 1);
      if (v !== undefined) setOwn(out, key, v);
    }
    return out;
  }
  // Set, Map, RegExp: what JSON.stringify would make of them.
  return {};
}

/**
 * Evaluates a parameter value for one item, n8n style: strings starting with `=` are expressions
 * (text with `{{ … }}` parts), objects and arrays are walked, everything else is returned as is.
 * A parameter that is exactly one `{{ }}` keeps the result's type; otherwise the parts are joined
 * as text (null and undefined as nothing, objects as `[object Object]`, arrays comma-joined).
 * An undefined result becomes null. Throws ExpressionError naming the node, the parameter and
 * the 0-based position in the parameter string.
 */
export function evaluateParameter(value: JsonValue, scope: ExpressionScope, where: ParameterLocation, options: EvaluateOptions = NO_OPTIONS): JsonValue {
  if (typeof value === 'string') {
    if (!isExpression(value)) return value;
    const result = evaluateTemplate(value, scope, where, options);
    try {
      return toJsonValue(result) ?? null;
    } catch (e) {
      throw toExpressionError(e, where, value);
    }
  }
  if (Array.isArray(value)) {
    return value.map((v, i) => evaluateParameter(v, scope, { nodeId: where.nodeId, parameter: `${where.parameter}[${i}]` }, options));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const key of Object.keys(value)) {
      setOwn(out, key, evaluateParameter(value[key]!, scope, { nodeId: where.nodeId, parameter: where.parameter ? `${where.parameter}.${key}` : key }, options));
    }
    return out;
  }
  return value;
}

/**
 * Evaluates the code of a single `{{ }}` (without braces), e.g. `$json.a + 1`, and returns the raw
 * result. Errors are ExpressionErrors with positions inside `code`.
 */
export function evaluateExpression(code: string, scope: ExpressionScope, options: EvaluateOptions = {}): unknown {
  const where = { nodeId: scope.node.id, parameter: '(expression)' };
  let node: A.Node;
  try {
    node = parseCode(code);
  } catch (e) {
    throw toExpressionError(isStackOverflow(e) ? new SyntaxFault(STACK_MESSAGE, 0) : e, where, code);
  }
  try {
    const value = runPart(node, scope, options);
    return value;
  } catch (e) {
    throw toExpressionError(e, where, code);
  }
}

/** Drops every cached parse (tests and benchmarks use it to measure a cold start). */
export function clearExpressionCache(): void {
  cache.clear();
}

export { DEFAULT_MAX_STEPS };
