import { checkedString, ExpressionFault, isCallable, isPlainObject, MAX_STRING_LENGTH, RuntimeFault, type CallContext } from './runtime';
import { fnArg, methodTable, optionalFnArg, type Method } from './method-table';

/** Native Array methods that read only; the callback ones call the expression's own functions. */
const NATIVE = [
  'at', 'concat', 'every', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flat', 'flatMap',
  'forEach', 'includes', 'indexOf', 'lastIndexOf', 'map', 'reduce', 'reduceRight', 'slice', 'some',
  'toReversed', 'toSorted', 'toSpliced', 'with', 'toString',
] as const;
const CALLBACK_FIRST = new Set(['every', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap', 'forEach', 'map', 'reduce', 'reduceRight']);

/** Methods that would change the array in place; expressions never change data. */
export const MUTATING_ARRAY_METHODS: Readonly<Record<string, string>> = {
  push: 'use concat(): [...list, value] or list.concat(value)',
  pop: 'use slice(0, -1) or last()',
  shift: 'use slice(1) or first()',
  unshift: 'use [value, ...list]',
  splice: 'use toSpliced()',
  fill: 'use map()',
  copyWithin: 'use slice() and concat()',
};

function native(name: string): Method {
  const fn = (Array.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
  const needsCallback = CALLBACK_FIRST.has(name);
  return (self: unknown[], args, ctx) => {
    if (needsCallback) fnArg(args, 0, name);
    if ((name === 'toSorted') && args[0] !== undefined) fnArg(args, 0, name);
    ctx.charge(1 + self.length);
    const result = Reflect.apply(fn, self, args);
    if (Array.isArray(result)) ctx.charge(result.length);
    return result;
  };
}

function toNumber(value: unknown, method: string, index: number): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  throw new ExpressionFault(`${method}(): element ${index} is ${JSON.stringify(value) ?? String(value)}, not a number`);
}

function numbers(self: unknown[], method: string, ctx: CallContext): number[] {
  ctx.charge(self.length);
  return self.map((v, i) => toNumber(v, method, i));
}

/** A key that is equal for deeply equal JSON values, independent of object key order. */
export function valueKey(value: unknown): string {
  if (value === undefined) return 'u';
  if (value === null || typeof value !== 'object') return typeof value + ':' + String(value);
  if (Array.isArray(value)) return `[${value.map(valueKey).join(',')}]`;
  if (value instanceof Date) return `d:${value.getTime()}`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj).sort().map((k) => `${JSON.stringify(k)}:${valueKey(obj[k])}`).join(',')}}`;
}

function uniqueBy(self: unknown[], fields: unknown[], ctx: CallContext): unknown[] {
  ctx.charge(self.length * 4);
  const names = fields.flat().map(String);
  const seen = new Set<string>();
  return self.filter((v) => {
    const key = names.length && isPlainObject(v) ? valueKey(names.map((n) => v[n])) : valueKey(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function compare(a: unknown, b: unknown): number {
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

function sortCopy(self: unknown[], args: unknown[], ctx: CallContext): unknown[] {
  const cmp = optionalFnArg(args, 0, 'sort');
  ctx.charge(self.length * Math.max(1, Math.ceil(Math.log2(self.length + 1))));
  return [...self].sort(cmp as ((a: unknown, b: unknown) => number) | undefined);
}

/** Array methods: the non-mutating native ones plus n8n's documented extensions. */
export const ARRAY_METHODS = methodTable({
  ...Object.fromEntries(NATIVE.map((name) => [name, native(name)])),
  join: (self: unknown[], [separator], ctx) => {
    const sep = separator === undefined ? ',' : String(separator);
    let total = sep.length * Math.max(0, self.length - 1);
    for (const v of self) if (typeof v === 'string') total += v.length;
    if (total > MAX_STRING_LENGTH) throw new ExpressionFault(`join(): the result would have ${total} characters; the limit is ${MAX_STRING_LENGTH}`);
    ctx.charge(1 + self.length + (total >> 6));
    return checkedString(self.join(sep));
  },
  // sort and reverse work on a copy: the run's data stays as it was.
  sort: sortCopy,
  reverse: (self: unknown[], _args, ctx) => {
    ctx.charge(self.length);
    return [...self].reverse();
  },
  keys: (self: unknown[], _args, ctx) => {
    ctx.charge(self.length);
    return [...self.keys()];
  },
  values: (self: unknown[], _args, ctx) => {
    ctx.charge(self.length);
    return [...self];
  },
  entries: (self: unknown[], _args, ctx) => {
    ctx.charge(self.length);
    return [...self.entries()];
  },
  // n8n extensions.
  sum: (self: unknown[], _a, ctx) => numbers(self, 'sum', ctx).reduce((s, n) => s + n, 0),
  average: (self: unknown[], _a, ctx) => {
    if (self.length === 0) throw new ExpressionFault('average(): the array is empty');
    return numbers(self, 'average', ctx).reduce((s, n) => s + n, 0) / self.length;
  },
  max: (self: unknown[], _a, ctx) => Math.max(...numbers(self, 'max', ctx)),
  min: (self: unknown[], _a, ctx) => Math.min(...numbers(self, 'min', ctx)),
  first: (self: unknown[]) => self[0],
  last: (self: unknown[]) => self[self.length - 1],
  isEmpty: (self: unknown[]) => self.length === 0,
  isNotEmpty: (self: unknown[]) => self.length > 0,
  length: (self: unknown[]) => self.length,
  unique: (self: unknown[], args, ctx) => uniqueBy(self, args, ctx),
  removeDuplicates: (self: unknown[], args, ctx) => uniqueBy(self, args, ctx),
  compact: (self: unknown[], _a, ctx) => {
    ctx.charge(self.length);
    return self.filter((v) => v !== null && v !== undefined && v !== '' && !(typeof v === 'number' && Number.isNaN(v)));
  },
  pluck: (self: unknown[], fields, ctx) => {
    ctx.charge(self.length);
    const names = fields.map(String);
    return self.filter(isPlainObject).map((o) => {
      if (names.length === 0) return o;
      if (names.length === 1) return o[names[0]!];
      return names.map((n) => o[n]);
    }).filter((v) => v !== undefined);
  },
  chunk: (self: unknown[], [size], ctx) => {
    const n = Number(size);
    if (!(n >= 1)) throw new ExpressionFault('chunk(size): size must be 1 or more');
    ctx.charge(self.length);
    const out: unknown[][] = [];
    for (let i = 0; i < self.length; i += n) out.push(self.slice(i, i + n));
    return out;
  },
  append: (self: unknown[], args, ctx) => {
    ctx.charge(self.length + args.length);
    return [...self, ...args];
  },
  difference: (self: unknown[], [other], ctx) => {
    const keys = new Set(arrayArg(other, 'difference').map(valueKey));
    ctx.charge(self.length * 2);
    return self.filter((v) => !keys.has(valueKey(v)));
  },
  intersection: (self: unknown[], [other], ctx) => {
    const keys = new Set(arrayArg(other, 'intersection').map(valueKey));
    ctx.charge(self.length * 2);
    return uniqueBy(self.filter((v) => keys.has(valueKey(v))), [], ctx);
  },
  union: (self: unknown[], [other], ctx) => uniqueBy([...self, ...arrayArg(other, 'union')], [], ctx),
  smartJoin: (self: unknown[], [keyField, valueField], ctx) => {
    ctx.charge(self.length);
    const out: Record<string, unknown> = {};
    for (const o of self) if (isPlainObject(o)) out[String(o[String(keyField)])] = o[String(valueField)];
    return out;
  },
  renameKeys: (self: unknown[], pairs, ctx) => {
    ctx.charge(self.length);
    return self.map((o) => {
      if (!isPlainObject(o)) return o;
      const copy: Record<string, unknown> = { ...o };
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        const from = String(pairs[i]);
        if (from in copy) {
          copy[String(pairs[i + 1])] = copy[from];
          delete copy[from];
        }
      }
      return copy;
    });
  },
  randomItem: (self: unknown[]) => self[Math.floor(Math.random() * self.length)],
  toJsonString: (self: unknown[]) => JSON.stringify(self),
  sortBy: (self: unknown[], [key, order], ctx) => {
    ctx.charge(self.length * 8);
    const pick = (v: unknown) => (typeof key === 'string' && isPlainObject(v) ? v[key] : isCallable(key) ? key(v) : v);
    const sign = order === 'desc' ? -1 : 1;
    return [...self].sort((a, b) => sign * compare(pick(a), pick(b)));
  },
});

function arrayArg(value: unknown, method: string): unknown[] {
  if (!Array.isArray(value)) throw new RuntimeFault(`${method}() expects an array`);
  return value;
}
