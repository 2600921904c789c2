import { ExpressionFault, isCallable, isPlainObject, type CallContext } from './runtime';
import { methodTable, type Method } from './method-table';
import { ExprDateTime, parseDateTimeValue } from './date-time';

function nativeOn(proto: object, names: readonly string[]): Record<string, Method> {
  const table: Record<string, Method> = {};
  for (const name of names) {
    const fn = (proto as Record<string, (...a: unknown[]) => unknown>)[name]!;
    table[name] = (self: unknown, args, ctx) => {
      ctx.charge(1);
      return Reflect.apply(fn, self, args);
    };
  }
  return table;
}

/** Number methods: native formatting plus n8n's extensions. */
export const NUMBER_METHODS = methodTable({
  ...nativeOn(Number.prototype, ['toFixed', 'toPrecision', 'toExponential', 'toString', 'toLocaleString', 'valueOf']),
  round: (self: number, [decimals]) => {
    const f = 10 ** Number(decimals ?? 0);
    return Math.round(self * f) / f;
  },
  floor: (self: number) => Math.floor(self),
  ceil: (self: number) => Math.ceil(self),
  abs: (self: number) => Math.abs(self),
  isEven: (self: number) => self % 2 === 0,
  isOdd: (self: number) => Math.abs(self % 2) === 1,
  isInteger: (self: number) => Number.isInteger(self),
  isEmpty: () => false,
  isNotEmpty: () => true,
  toBoolean: (self: number) => self !== 0,
  toNumber: (self: number) => self,
  toDateTime: (self: number, [unit]) => new ExprDateTime(unit === 's' ? self * 1000 : unit === 'excel' ? (self - 25569) * 86_400_000 : self),
  format: (self: number, [locale, options]) => self.toLocaleString(typeof locale === 'string' ? locale : 'en-US', isPlainObject(options) ? (options as Intl.NumberFormatOptions) : undefined),
  toJsonString: (self: number) => JSON.stringify(self),
});

export const BOOLEAN_METHODS = methodTable({
  ...nativeOn(Boolean.prototype, ['toString', 'valueOf']),
  toNumber: (self: boolean) => (self ? 1 : 0),
  toBoolean: (self: boolean) => self,
  isEmpty: () => false,
  isNotEmpty: () => true,
  toJsonString: (self: boolean) => JSON.stringify(self),
});

function objectArg(value: unknown, method: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw new ExpressionFault(`${method}() expects an object`);
  return value;
}

/** n8n's extensions on plain objects (`$json.keys()`, `.isEmpty()`…). */
export const OBJECT_METHODS = methodTable({
  isEmpty: (self: object) => Object.keys(self).length === 0,
  isNotEmpty: (self: object) => Object.keys(self).length > 0,
  hasField: (self: object, [name]) => Object.prototype.hasOwnProperty.call(self, String(name)),
  keys: (self: object, _a, ctx) => chargeLen(ctx, Object.keys(self)),
  values: (self: object, _a, ctx) => chargeLen(ctx, Object.values(self)),
  entries: (self: object, _a, ctx) => chargeLen(ctx, Object.entries(self)),
  merge: (self: object, [other]) => ({ ...objectArg(other, 'merge'), ...self }),
  removeField: (self: Record<string, unknown>, [name]) => {
    const copy = { ...self };
    delete copy[String(name)];
    return copy;
  },
  removeFieldsContaining: (self: Record<string, unknown>, [text]) =>
    Object.fromEntries(Object.entries(self).filter(([, v]) => !(typeof v === 'string' && v.includes(String(text))))),
  keepFieldsContaining: (self: Record<string, unknown>, [text]) =>
    Object.fromEntries(Object.entries(self).filter(([, v]) => typeof v === 'string' && v.includes(String(text)))),
  compact: (self: Record<string, unknown>) => Object.fromEntries(Object.entries(self).filter(([, v]) => v !== null && v !== undefined && v !== '')),
  toJsonString: (self: object) => JSON.stringify(self),
  urlEncode: (self: Record<string, unknown>) => new URLSearchParams(Object.entries(self).map(([k, v]): [string, string] => [k, String(v)])).toString(),
});

function chargeLen<T extends unknown[]>(ctx: CallContext, list: T): T {
  ctx.charge(list.length);
  return list;
}

/** Methods of `Date` values (from `new Date()`); only the ones that read. */
export const DATE_METHODS = methodTable({
  ...nativeOn(Date.prototype, [
    'getTime', 'getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds',
    'getUTCFullYear', 'getUTCMonth', 'getUTCDate', 'getUTCDay', 'getUTCHours', 'getUTCMinutes', 'getUTCSeconds',
    'getUTCMilliseconds', 'getTimezoneOffset', 'toISOString', 'toJSON', 'toString', 'toDateString', 'toTimeString',
    'toUTCString', 'toLocaleString', 'toLocaleDateString', 'toLocaleTimeString', 'valueOf',
  ]),
  toDateTime: (self: Date) => parseDateTimeValue(self, 'toDateTime'),
});

/** Set methods. A Set only exists when the expression built it, so add/delete change nothing shared. */
export const SET_METHODS = methodTable({
  has: (self: Set<unknown>, [v]) => self.has(v),
  add: (self: Set<unknown>, [v]) => self.add(v),
  delete: (self: Set<unknown>, [v]) => self.delete(v),
  values: (self: Set<unknown>, _a, ctx) => chargeLen(ctx, [...self.values()]),
  keys: (self: Set<unknown>, _a, ctx) => chargeLen(ctx, [...self.keys()]),
  entries: (self: Set<unknown>, _a, ctx) => chargeLen(ctx, [...self.entries()]),
  forEach: (self: Set<unknown>, [fn], ctx) => {
    if (!isCallable(fn)) throw new ExpressionFault('forEach() expects a function');
    ctx.charge(self.size);
    self.forEach((v) => fn(v, v, self));
  },
});

export const MAP_METHODS = methodTable({
  get: (self: Map<unknown, unknown>, [k]) => self.get(k),
  has: (self: Map<unknown, unknown>, [k]) => self.has(k),
  set: (self: Map<unknown, unknown>, [k, v]) => self.set(k, v),
  delete: (self: Map<unknown, unknown>, [k]) => self.delete(k),
  keys: (self: Map<unknown, unknown>, _a, ctx) => chargeLen(ctx, [...self.keys()]),
  values: (self: Map<unknown, unknown>, _a, ctx) => chargeLen(ctx, [...self.values()]),
  entries: (self: Map<unknown, unknown>, _a, ctx) => chargeLen(ctx, [...self.entries()]),
  forEach: (self: Map<unknown, unknown>, [fn], ctx) => {
    if (!isCallable(fn)) throw new ExpressionFault('forEach() expects a function');
    ctx.charge(self.size);
    self.forEach((v, k) => fn(v, k, self));
  },
});

export const REGEXP_METHODS = methodTable({
  ...nativeOn(RegExp.prototype, ['test', 'exec', 'toString']),
});
