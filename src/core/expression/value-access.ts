import { closest } from '../base/diagnostic';
import { BLOCKED_NAMES } from './grammar';
import { lookup, type MethodTable } from './method-table';
import { ARRAY_METHODS, MUTATING_ARRAY_METHODS } from './methods-array';
import { BOOLEAN_METHODS, DATE_METHODS, MAP_METHODS, NUMBER_METHODS, OBJECT_METHODS, REGEXP_METHODS, SET_METHODS } from './methods-other';
import { STRING_METHODS } from './methods-string';
import { ExpressionFault, HostObject, isCallable, isPlainObject, MISSING, RuntimeFault, staticMember, typeName, type CallContext } from './runtime';

/** Throws for a member name expressions may never use (see BLOCKED_NAMES). */
export function assertAllowedName(name: string): void {
  if (BLOCKED_NAMES.has(name)) {
    throw new ExpressionFault(`Access to '${name}' is not allowed in expressions: it could reach outside the data`);
  }
}

/** A computed key as JS would use it (`a[1]` and `a['1']` are the same). */
export function propertyKey(key: unknown): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number') return String(key);
  if (typeof key === 'symbol') throw new ExpressionFault('Symbols cannot be used as keys');
  return String(key);
}

function isIndex(key: string): boolean {
  return key.length > 0 && key.length < 16 && /^(0|[1-9]\d*)$/.test(key);
}

/** `object[key]` for expressions: own data only, never a prototype's members. */
export function getMember(object: unknown, key: string): unknown {
  assertAllowedName(key);
  if (object === null || object === undefined) {
    throw new RuntimeFault(`Cannot read properties of ${object} (reading '${key}')`);
  }
  if (typeof object === 'string') {
    if (key === 'length') return object.length;
    return isIndex(key) ? object[Number(key)] : undefined;
  }
  if (Array.isArray(object)) {
    if (key === 'length') return object.length;
    return isIndex(key) ? object[Number(key)] : undefined;
  }
  if (typeof object !== 'object' && typeof object !== 'function') return undefined;
  if (isPlainObject(object)) return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  if (object instanceof HostObject) {
    const value = object.get(key);
    return value === MISSING ? undefined : value;
  }
  if (typeof object === 'function') return isCallable(object) ? staticMember(object, key) : undefined;
  if (object instanceof Set || object instanceof Map) return key === 'size' ? object.size : undefined;
  if (object instanceof RegExp) {
    if (key === 'source' || key === 'flags' || key === 'global' || key === 'ignoreCase' || key === 'multiline' || key === 'lastIndex') return object[key];
    return undefined;
  }
  return undefined;
}

function tableFor(object: unknown): MethodTable | undefined {
  switch (typeof object) {
    case 'string': return STRING_METHODS;
    case 'number': return NUMBER_METHODS;
    case 'boolean': return BOOLEAN_METHODS;
    case 'object':
      if (Array.isArray(object)) return ARRAY_METHODS;
      if (isPlainObject(object)) return OBJECT_METHODS;
      if (object instanceof Date) return DATE_METHODS;
      if (object instanceof Set) return SET_METHODS;
      if (object instanceof Map) return MAP_METHODS;
      if (object instanceof RegExp) return REGEXP_METHODS;
      return undefined;
    default:
      return undefined;
  }
}

const ALL_TABLES = [STRING_METHODS, NUMBER_METHODS, BOOLEAN_METHODS, ARRAY_METHODS, OBJECT_METHODS, DATE_METHODS, SET_METHODS, MAP_METHODS, REGEXP_METHODS];
const KNOWN_METHODS = new Set(ALL_TABLES.flatMap((t) => Object.keys(t)));

/** Every method name some value type has; used by validation and completion. */
export function knownMethodNames(): ReadonlySet<string> {
  return KNOWN_METHODS;
}

/** `object.name(...args)` for expressions: the value type's allow-listed methods only. */
export function callMethod(object: unknown, name: string, args: unknown[], ctx: CallContext): unknown {
  assertAllowedName(name);
  if (object === null || object === undefined) {
    throw new RuntimeFault(`Cannot read properties of ${object} (reading '${name}')`);
  }
  if (object instanceof HostObject) {
    const result = object.call(name, args, ctx);
    if (result !== MISSING) return result;
    const prop = object.get(name);
    if (isCallable(prop)) return prop(...args);
    throw unknownMethod(object, name, object.members());
  }
  if (isPlainObject(object) && Object.prototype.hasOwnProperty.call(object, name)) {
    const own = object[name];
    if (isCallable(own)) return own(...args);
    throw new RuntimeFault(`${name} is not a function (it is ${typeName(own)})`);
  }
  if (typeof object === 'function') {
    const fn = isCallable(object) ? staticMember(object, name) : undefined;
    if (isCallable(fn)) return fn(...args);
    throw unknownMethod(object, name, []);
  }
  const table = tableFor(object);
  const method = table && lookup(table, name);
  if (method) return method(object, args, ctx);
  if (Array.isArray(object) && Object.prototype.hasOwnProperty.call(MUTATING_ARRAY_METHODS, name)) {
    throw new ExpressionFault(`${name}() would change the array, and expressions never change data; ${MUTATING_ARRAY_METHODS[name]}`);
  }
  throw unknownMethod(object, name, table ? Object.keys(table) : []);
}

function unknownMethod(object: unknown, name: string, candidates: string[]): Error {
  const type = typeName(object);
  // A method some other type has is a data problem (n8n yields no value); an unknown name is a typo.
  if (KNOWN_METHODS.has(name)) return new RuntimeFault(`${name} is not a function on a value of type ${type}`);
  const suggestion = closest(name, candidates);
  return new ExpressionFault(`${type} has no method '${name}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`);
}

/** Whether `object.name(...)` would find a method (for `object.name?.()`). */
export function hasMethod(object: unknown, name: string): boolean {
  if (object === null || object === undefined) return false;
  if (object instanceof HostObject) return object.members().includes(name) || isCallable(object.get(name));
  if (isPlainObject(object) && Object.prototype.hasOwnProperty.call(object, name)) return isCallable(object[name]);
  if (typeof object === 'function') return isCallable(object) && isCallable(staticMember(object, name));
  const table = tableFor(object);
  return !!(table && lookup(table, name));
}

/** `key in object` for expressions: own data only. */
export function hasProperty(object: unknown, key: string): boolean {
  if (object instanceof HostObject) return object.get(key) !== MISSING;
  if (Array.isArray(object)) return key === 'length' || (/^\d+$/.test(key) && Number(key) < object.length);
  if (isPlainObject(object)) return Object.prototype.hasOwnProperty.call(object, key);
  if (object !== null && (typeof object === 'object' || typeof object === 'function')) return false;
  throw new RuntimeFault(`Cannot use 'in' to look for '${key}' in ${typeName(object)}`);
}
