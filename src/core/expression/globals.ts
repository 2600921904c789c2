import { dateTimeGlobal, ExprDateTime } from './date-time';
import { checkedLength } from './method-table';
import {
  activeContext, checkedString, checkRegexSafety, ExpressionFault, HostObject, isCallable, isPlainObject, registerFunction, RuntimeFault,
  type AnyFunction,
} from './runtime';

const fn = <F extends AnyFunction>(f: F, statics?: Record<string, unknown>, construct?: (args: unknown[]) => unknown) => registerFunction(f, statics, construct);

/** A namespace object (`Math`, `JSON`): a frozen object without prototype holding functions and constants. */
function namespace(members: Record<string, unknown>): Readonly<Record<string, unknown>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, unknown>, members));
}

const MATH_FUNCTIONS = [
  'abs', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atan2', 'atanh', 'cbrt', 'ceil', 'clz32', 'cos', 'cosh', 'exp', 'expm1',
  'floor', 'fround', 'hypot', 'imul', 'log', 'log10', 'log1p', 'log2', 'max', 'min', 'pow', 'random', 'round', 'sign', 'sin',
  'sinh', 'sqrt', 'tan', 'tanh', 'trunc',
] as const;

const MathNamespace = namespace({
  ...Object.fromEntries(MATH_FUNCTIONS.map((name) => {
    const native = Math[name] as (...a: number[]) => number;
    return [name, fn((...args: unknown[]) => native(...(args as number[])))];
  })),
  E: Math.E, LN10: Math.LN10, LN2: Math.LN2, LOG10E: Math.LOG10E, LOG2E: Math.LOG2E, PI: Math.PI, SQRT1_2: Math.SQRT1_2, SQRT2: Math.SQRT2,
});

function toJsonReady(value: unknown): unknown {
  return value instanceof HostObject ? value.toJSON() : value;
}

const JsonNamespace = namespace({
  parse: fn((text: unknown, reviver?: unknown) => {
    const source = String(text);
    activeContext().charge(1 + (source.length >> 6));
    try {
      return JSON.parse(source, isCallable(reviver) ? (reviver as (k: string, v: unknown) => unknown) : undefined) as unknown;
    } catch (e) {
      if (e instanceof SyntaxError) throw new RuntimeFault(`JSON.parse: ${e.message}`);
      throw e;
    }
  }),
  stringify: fn((value: unknown, replacer?: unknown, space?: unknown) => {
    const rep = isCallable(replacer) ? (replacer as (k: string, v: unknown) => unknown) : Array.isArray(replacer) ? (replacer as string[]) : undefined;
    const text = JSON.stringify(toJsonReady(value), rep as never, space as string | number | undefined) as string | undefined;
    if (text !== undefined) activeContext().charge(1 + (text.length >> 6));
    return text === undefined ? undefined : checkedString(text);
  }),
});

function ownKeysOf(value: unknown): string[] {
  if (typeof value === 'string' || Array.isArray(value) || isPlainObject(value)) return Object.keys(value);
  if (value === null || value === undefined) throw new RuntimeFault('Cannot convert undefined or null to object');
  return [];
}

const ObjectGlobal = fn(() => {
  throw new ExpressionFault('Object() cannot be called; use an object literal { }');
}, {
  keys: fn((o: unknown) => ownKeysOf(o)),
  values: fn((o: unknown) => ownKeysOf(o).map((k) => (o as Record<string, unknown>)[k])),
  entries: fn((o: unknown) => ownKeysOf(o).map((k) => [k, (o as Record<string, unknown>)[k]])),
  // Returns a new object: merging into the first argument would change the run's data.
  assign: fn((...sources: unknown[]) => sources.reduce<Record<string, unknown>>((out, s) => (isPlainObject(s) || Array.isArray(s) ? { ...out, ...s } : out), {})),
  fromEntries: fn((entries: unknown) => {
    if (!Array.isArray(entries)) throw new RuntimeFault('Object.fromEntries() expects an array of [key, value] pairs');
    activeContext().charge(entries.length);
    return Object.fromEntries(entries as Array<[string, unknown]>);
  }),
  hasOwn: fn((o: unknown, k: unknown) => ownKeysOf(o).includes(String(k))),
  is: fn((a: unknown, b: unknown) => Object.is(a, b)),
});

function iterableToArray(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string' || value instanceof Set || value instanceof Map) return [...value];
  throw new RuntimeFault(`${what}: ${value === null ? 'null' : typeof value} is not iterable`);
}

const ArrayGlobal = fn((...args: unknown[]) => makeArray(args), {
  isArray: fn((v: unknown) => Array.isArray(v)),
  of: fn((...items: unknown[]) => items),
  from: fn((source: unknown, mapFn?: unknown) => {
    let list: unknown[];
    if (isPlainObject(source) && typeof source.length === 'number') {
      // An array-like: its index keys, undefined elsewhere.
      list = new Array<unknown>(checkedLength(source.length, 'Array.from')).fill(undefined);
      for (const key of Object.keys(source)) {
        const i = Number(key);
        if (Number.isInteger(i) && i >= 0 && i < list.length) list[i] = source[key];
      }
    } else list = [...iterableToArray(source, 'Array.from')];
    activeContext().charge(list.length);
    if (mapFn === undefined) return list;
    if (!isCallable(mapFn)) throw new ExpressionFault('Array.from() expects a function as its second argument');
    return list.map((v, i) => mapFn(v, i));
  }),
}, (args) => makeArray(args));

function makeArray(args: unknown[]): unknown[] {
  if (args.length === 1 && typeof args[0] === 'number') {
    const n = checkedLength(args[0], 'Array(n)');
    activeContext().charge(n);
    return Array.from({ length: n }, () => undefined);
  }
  return args;
}

const NumberGlobal = fn((v?: unknown) => Number(toJsonReady(v)), {
  isInteger: fn((v: unknown) => Number.isInteger(v)),
  isFinite: fn((v: unknown) => Number.isFinite(v)),
  isNaN: fn((v: unknown) => Number.isNaN(v)),
  isSafeInteger: fn((v: unknown) => Number.isSafeInteger(v)),
  parseFloat: fn((v: unknown) => Number.parseFloat(String(v))),
  parseInt: fn((v: unknown, radix?: unknown) => Number.parseInt(String(v), radix === undefined ? undefined : Number(radix))),
  MAX_SAFE_INTEGER: Number.MAX_SAFE_INTEGER, MIN_SAFE_INTEGER: Number.MIN_SAFE_INTEGER, MAX_VALUE: Number.MAX_VALUE,
  MIN_VALUE: Number.MIN_VALUE, EPSILON: Number.EPSILON, POSITIVE_INFINITY: Infinity, NEGATIVE_INFINITY: -Infinity, NaN,
});

const StringGlobal = fn((...v: unknown[]) => (v.length === 0 ? '' : String(v[0])), {
  fromCharCode: fn((...codes: unknown[]) => String.fromCharCode(...codes.map(Number))),
  fromCodePoint: fn((...codes: unknown[]) => {
    try {
      return String.fromCodePoint(...codes.map(Number));
    } catch (e) {
      throw new RuntimeFault((e as Error).message);
    }
  }),
});

const BooleanGlobal = fn((v?: unknown) => Boolean(v));

function newDate(args: unknown[]): Date {
  if (args.length === 0) return new Date(activeContext().now.getTime());
  if (args.length === 1) {
    const v = args[0];
    if (v instanceof ExprDateTime) return new Date(v.ms);
    if (v instanceof Date) return new Date(v.getTime());
    return new Date(v as string | number);
  }
  return new Date(...(args.map(Number) as [number, number]));
}

const DateGlobal = fn(() => newDate([]).toString(), {
  now: fn(() => activeContext().now.getTime()),
  parse: fn((s: unknown) => Date.parse(String(s))),
  UTC: fn((...parts: unknown[]) => Date.UTC(...(parts.map(Number) as [number]))),
}, newDate);

const SetGlobal = fn(() => {
  throw new RuntimeFault("Constructor Set requires 'new'");
}, {}, ([source]) => new Set(source === undefined || source === null ? [] : iterableToArray(source, 'new Set()')));

const MapGlobal = fn(() => {
  throw new RuntimeFault("Constructor Map requires 'new'");
}, {}, ([source]) => new Map((source === undefined || source === null ? [] : iterableToArray(source, 'new Map()')) as Array<[unknown, unknown]>));

function makeRegExp([pattern, flags]: unknown[]): RegExp {
  checkRegexSafety(pattern instanceof RegExp ? pattern.source : String(pattern ?? ''));
  try {
    return new RegExp(pattern instanceof RegExp ? pattern.source : String(pattern ?? '(?:)'), flags === undefined ? (pattern instanceof RegExp ? pattern.flags : undefined) : String(flags));
  } catch (e) {
    throw new ExpressionFault(`Invalid regular expression: ${(e as Error).message}`);
  }
}
const RegExpGlobal = fn((...args: unknown[]) => makeRegExp(args), {}, makeRegExp);

const uriFunction = (native: (s: string) => string) => fn((s: unknown) => {
  try {
    return native(String(s));
  } catch (e) {
    throw new RuntimeFault((e as Error).message);
  }
});

function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) return Object.keys(v).length === 0;
  return false;
}

/** The language's global names other than the workflow's `$` variables. */
export const GLOBALS: Readonly<Record<string, unknown>> = namespace({
  Math: MathNamespace,
  JSON: JsonNamespace,
  Object: ObjectGlobal,
  Array: ArrayGlobal,
  Number: NumberGlobal,
  String: StringGlobal,
  Boolean: BooleanGlobal,
  Date: DateGlobal,
  DateTime: dateTimeGlobal(() => activeContext().now),
  Set: SetGlobal,
  Map: MapGlobal,
  RegExp: RegExpGlobal,
  NaN,
  Infinity,
  parseInt: fn((v: unknown, radix?: unknown) => Number.parseInt(String(v), radix === undefined ? undefined : Number(radix))),
  parseFloat: fn((v: unknown) => Number.parseFloat(String(v))),
  // As in n8n: the global isNaN/isFinite are the strict Number versions.
  isNaN: fn((v: unknown) => Number.isNaN(v)),
  isFinite: fn((v: unknown) => Number.isFinite(v)),
  encodeURIComponent: uriFunction(encodeURIComponent),
  decodeURIComponent: uriFunction(decodeURIComponent),
  encodeURI: uriFunction(encodeURI),
  decodeURI: uriFunction(decodeURI),
  $if: fn((condition: unknown, then: unknown, otherwise?: unknown) => (condition ? then : otherwise)),
  $ifEmpty: fn((value: unknown, fallback: unknown) => (isEmptyValue(value) ? fallback : value)),
  $min: fn((...values: unknown[]) => Math.min(...values.map(Number))),
  $max: fn((...values: unknown[]) => Math.max(...values.map(Number))),
});

/** Names the language knows besides `$` variables; used for "did you mean" and validation. */
export const GLOBAL_NAMES: readonly string[] = Object.keys(GLOBALS);
