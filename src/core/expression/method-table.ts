import { ExpressionFault, isCallable, MAX_ARRAY_LENGTH, type AnyFunction, type CallContext } from './runtime';

/** A built-in method: receives the value it is called on, the arguments and the call context. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each table knows its receiver's type
export type Method = (self: any, args: unknown[], ctx: CallContext) => unknown;
export type MethodTable = Readonly<Record<string, Method>>;

/** A lookup table without a prototype, so `toString` or `constructor` are never found by accident. */
export function methodTable(methods: Record<string, Method>): MethodTable {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, Method>, methods));
}

export function lookup(table: MethodTable, name: string): Method | undefined {
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/** The argument at `index`, which must be a function the expression may call. */
export function fnArg(args: unknown[], index: number, method: string): AnyFunction {
  const fn = args[index];
  if (!isCallable(fn)) throw new ExpressionFault(`${method}() expects a function (e.g. x => x.id) as argument ${index + 1}`);
  return fn;
}

export function optionalFnArg(args: unknown[], index: number, method: string): AnyFunction | undefined {
  return args[index] === undefined ? undefined : fnArg(args, index, method);
}

export function checkedLength(n: number, what: string): number {
  if (!(n >= 0 && n <= MAX_ARRAY_LENGTH)) throw new ExpressionFault(`${what}: ${n} is too large; the limit is ${MAX_ARRAY_LENGTH}`);
  return n;
}
