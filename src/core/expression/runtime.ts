/**
 * The pieces the interpreter, the method tables and the workflow variables share: the two kinds of
 * failure, the registry of functions an expression may call, host objects, and the step budget.
 */

/**
 * A failure n8n treats as "no value": reading a property of undefined, calling a method that the
 * value's type does not have, spreading a non-iterable. n8n's evaluator swallows these and the
 * `{{ }}` part becomes empty; Symphony does the same unless evaluation is strict.
 */
export class RuntimeFault extends Error {
  constructor(
    message: string,
    public start?: number,
    public end?: number,
  ) {
    super(message);
    this.name = 'TypeError';
  }
}

/** A failure that always stops evaluation: blocked access, unknown names, budget, bad references. */
export class ExpressionFault extends Error {
  constructor(
    message: string,
    public start?: number,
    public end?: number,
  ) {
    super(message);
    this.name = 'ExpressionFault';
  }
}

/**
 * Marks functions an expression may call: its own arrow functions and the built-ins registered
 * here. A symbol property rather than a WeakSet: one is created per arrow function evaluated, and
 * expressions cannot name symbols, so they can neither read nor forge the mark.
 */
const CALLABLE: unique symbol = Symbol('expression-callable');
/** Static members of callable built-ins (`Number.isInteger`, `Date.now`…), own entries only. */
const staticMembers = new WeakMap<object, Record<string, unknown>>();
/** How `new X(…)` builds a value, for the few built-ins that allow it. */
const constructors = new WeakMap<object, (args: unknown[]) => unknown>();

export type AnyFunction = (...args: unknown[]) => unknown;

export function registerFunction<F extends AnyFunction>(fn: F, statics?: Record<string, unknown>, construct?: (args: unknown[]) => unknown): F {
  (fn as unknown as Record<symbol, boolean>)[CALLABLE] = true;
  if (statics) staticMembers.set(fn, Object.assign(Object.create(null) as Record<string, unknown>, statics));
  if (construct) constructors.set(fn, construct);
  return fn;
}

export function isCallable(value: unknown): value is AnyFunction {
  return typeof value === 'function' && (value as unknown as Record<symbol, unknown>)[CALLABLE] === true;
}

export function staticMember(fn: AnyFunction, name: string): unknown {
  const statics = staticMembers.get(fn);
  return statics && Object.prototype.hasOwnProperty.call(statics, name) ? statics[name] : undefined;
}

export function constructorOf(value: unknown): ((args: unknown[]) => unknown) | undefined {
  return typeof value === 'function' ? constructors.get(value) : undefined;
}

/** Returned by `HostObject.get`/`call` when the member does not exist. */
export const MISSING: unique symbol = Symbol('missing');

/**
 * A value the host hands to expressions that is not plain data: `$input`, `$('Node')`, `$now`,
 * `Math`. Expressions see only what `get` and `call` expose; the object's own fields stay private.
 */
export abstract class HostObject {
  /** The name shown in messages, e.g. `$input`. */
  abstract readonly kind: string;
  /** A property's value, or MISSING. */
  get(_name: string): unknown {
    return MISSING;
  }
  /** Calls a method, or returns MISSING when there is none by that name. */
  call(_name: string, _args: unknown[], _ctx: CallContext): unknown {
    return MISSING;
  }
  /** Names offered in "did you mean" suggestions. */
  members(): string[] {
    return [];
  }
  /** The value when the object ends up in a parameter or JSON.stringify. */
  toJSON(): unknown {
    return {};
  }
  /** What the object looks like in text, as n8n's proxies do: `[object Object]`. */
  toString(): string {
    return '[object Object]';
  }
}

/** What a built-in method gets besides its arguments: the step budget and the run's clock. */
export interface CallContext {
  /** Counts work done by built-ins (e.g. per element), so large inputs hit the budget too. */
  charge(steps: number): void;
  /** The run's clock (`$now`), also used for `Date.now()` and `new Date()`. */
  readonly now: Date;
}

/** Longest string an expression may build; stops doubling tricks from exhausting memory. */
export const MAX_STRING_LENGTH = 10_000_000;
/** Largest array an expression may create in one call (`Array.from({ length })`, `.repeat`). */
export const MAX_ARRAY_LENGTH = 1_000_000;

export function checkedString(s: string): string {
  if (s.length > MAX_STRING_LENGTH) throw new ExpressionFault(`The expression built a string of ${s.length} characters; the limit is ${MAX_STRING_LENGTH}`);
  return s;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A readable name for a value's type, used in messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof HostObject) return value.kind;
  if (value instanceof Date) return 'Date';
  if (value instanceof Set) return 'Set';
  if (value instanceof Map) return 'Map';
  if (value instanceof RegExp) return 'RegExp';
  return typeof value;
}

/** A context that does nothing; used when no evaluation is running (e.g. direct calls in tests). */
const IDLE: CallContext = { charge() {}, now: new Date(0) };
let active: CallContext = IDLE;

/**
 * Evaluation is synchronous, so the context of the evaluation that is running can live here;
 * built-ins that are plain functions (`Array.from`, `JSON.stringify`, `Date.now`) reach the step
 * budget and the run's clock through it.
 */
export function activeContext(): CallContext {
  return active;
}

/** Makes `ctx` the running evaluation's context and returns the previous one, to restore after. */
export function swapActiveContext(ctx: CallContext): CallContext {
  const previous = active;
  active = ctx;
  return previous;
}

/**
 * A repeated group that itself ends in a repetition (`(a+)+`, `(\\s*x*)*`) can make a regular
 * expression take exponential time on a long text, which no step budget can interrupt. Such
 * patterns are refused; everything else runs as written.
 */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\d*\})\)(?:[+*]|\{\d+,\d*\})/;

export function checkRegexSafety(source: string): void {
  if (NESTED_QUANTIFIER.test(source)) {
    throw new ExpressionFault(`The regular expression /${source}/ repeats a group that itself repeats, which can take exponential time; rewrite it without the nested repetition`);
  }
}

export const STACK_MESSAGE = 'The expression is nested too deeply to evaluate; split it up';

/** The host ran out of stack (a pathological expression); reported, never swallowed. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}
