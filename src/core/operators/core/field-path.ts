import type { JsonObject, JsonValue } from '../operator';

/**
 * Dot-notation paths the way n8n's nodes read them (lodash `get`/`set`/`unset`): `a.b`, `a[0].b`,
 * `a["x.y"]`. A path that is itself a key of the object is that key, so `{"a.b": 1}` still works.
 */
export function toPath(path: string): string[] {
  const parts: string[] = [];
  let current = '';
  let i = 0;
  const flush = () => {
    parts.push(current);
    current = '';
  };
  while (i < path.length) {
    const ch = path[i]!;
    if (ch === '.') {
      flush();
      i++;
    } else if (ch === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) {
        current += path.slice(i);
        break;
      }
      if (current !== '' || (i > 0 && path[i - 1] !== '.' && path[i - 1] !== ']')) flush();
      let inner = path.slice(i + 1, close);
      if (/^(["']).*\1$/.test(inner)) inner = inner.slice(1, -1);
      parts.push(inner);
      i = close + 1;
      if (path[i] === '.') i++;
      current = '';
      if (i >= path.length) return parts;
    } else {
      current += ch;
      i++;
    }
  }
  flush();
  return parts;
}

type Container = Record<string, unknown> | unknown[];

const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

function resolvePath(target: unknown, path: string): string[] {
  return isContainer(target) && path in target ? [path] : toPath(path);
}

/** Reads `path` from `target`; undefined when any step is missing. */
export function getPath(target: unknown, path: string): unknown {
  let current: unknown = target;
  for (const key of resolvePath(target, path)) {
    if (!isContainer(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Writes `value` at `path`, creating objects (or arrays, for numeric keys) on the way. */
export function setPath(target: JsonObject, path: string, value: unknown): void {
  const keys = resolvePath(target, path);
  let current: Container = target;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return;
    const record = current as Record<string, unknown>;
    if (i === keys.length - 1) {
      record[key] = value;
      return;
    }
    let next = record[key];
    if (!isContainer(next)) {
      next = /^(?:0|[1-9]\d*)$/.test(keys[i + 1]!) ? [] : {};
      record[key] = next;
    }
    current = next as Container;
  }
}

/** Removes the key at `path`; does nothing when the path does not exist. */
export function unsetPath(target: JsonObject, path: string): void {
  const keys = resolvePath(target, path);
  let current: unknown = target;
  for (let i = 0; i < keys.length - 1; i++) {
    if (!isContainer(current)) return;
    current = (current as Record<string, unknown>)[keys[i]!];
  }
  if (isContainer(current)) delete (current as Record<string, unknown>)[keys.at(-1)!];
}

/** Reads a field by dot path, or as a plain key when dot notation is off. */
export function readField(json: JsonObject, field: string, dotNotation: boolean): JsonValue | undefined {
  return (dotNotation ? getPath(json, field) : json[field]) as JsonValue | undefined;
}

/** Writes a field by dot path, or as a plain key when dot notation is off. */
export function writeField(json: JsonObject, field: string, value: JsonValue, dotNotation: boolean): void {
  if (dotNotation) setPath(json, field, value);
  else json[field] = value;
}

/**
 * n8n's comma-separated field lists ("a, b.c"); entries may be written as `$json.a` or
 * `{{ $json.a }}`-free names; blanks are dropped.
 */
export function fieldList(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => fieldList(v));
  if (typeof value !== 'string') return value === undefined || value === null ? [] : [String(value)];
  return value
    .split(',')
    .map((f) => f.trim().replace(/^\$json\./, ''))
    .filter((f) => f !== '');
}
