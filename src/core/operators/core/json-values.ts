import type { JsonObject, JsonValue } from '../operator';

/** A structural copy of JSON data (items must not share objects between nodes). */
export function deepCopy<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep structural equality of JSON values (lodash `isEqual` for JSON). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  const ob = b as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(ob, k) && deepEqual((a as Record<string, unknown>)[k], ob[k]));
}

/** A stable text key for a JSON value, for grouping and de-duplication. */
export function valueKey(value: unknown): string {
  if (value === undefined) return 'u';
  if (Array.isArray(value)) return `[${value.map(valueKey).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${valueKey(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'u';
}

/**
 * Deep merge with lodash `merge` semantics (what n8n's Merge node uses): plain objects and arrays
 * merge key by key (arrays by index), `undefined` never overwrites, later sources win.
 * `skipEmpty` also keeps the target when the source is null or "" (n8n's "override empty").
 */
export function deepMerge(sources: JsonObject[], skipEmpty = false): JsonObject {
  const target: JsonObject = {};
  for (const source of sources) mergeInto(target, source, skipEmpty);
  return target;
}

function mergeInto(target: Record<string, unknown> | unknown[], source: Record<string, unknown> | unknown[], skipEmpty: boolean): void {
  for (const key of Object.keys(source)) {
    if (key === '__proto__' || key === 'constructor') continue;
    const src = (source as Record<string, unknown>)[key];
    const tgt = (target as Record<string, unknown>)[key];
    if (src === undefined || (skipEmpty && (src === null || src === ''))) continue;
    if (typeof src === 'object' && src !== null) {
      let base: Record<string, unknown> | unknown[];
      if (Array.isArray(src)) base = Array.isArray(tgt) ? [...tgt] : isPlainObject(tgt) ? Object.values(tgt) : [];
      else base = isPlainObject(tgt) || Array.isArray(tgt) ? { ...(tgt as object) } : {};
      mergeInto(base, src as Record<string, unknown>, skipEmpty);
      (target as Record<string, unknown>)[key] = base;
    } else {
      (target as Record<string, unknown>)[key] = src;
    }
  }
}

/** Shallow merge (Object.assign) with the same `skipEmpty` rule. */
export function shallowMerge(sources: JsonObject[], skipEmpty = false): JsonObject {
  const target: JsonObject = {};
  for (const source of sources) {
    for (const [k, v] of Object.entries(source)) {
      if (v === undefined || (skipEmpty && (v === null || v === '') && k in target)) continue;
      target[k] = v;
    }
  }
  return target;
}

/** True for a JSON object (not an array, not null). */
export const isJsonObject = (v: unknown): v is JsonObject => isPlainObject(v);

/** How n8n describes a value in type errors: `'abc'`, `array`, `'null'`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'object') {
    if (value === null) return "'null'";
    return Array.isArray(value) ? 'array' : 'object';
  }
  return `'${String(value)}'`;
}

export type { JsonValue };
