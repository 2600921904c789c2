import { closest, type Diagnostic } from '../base/diagnostic';
import type { JsonValue, ParamDescription } from '../operators/operator';

/** True for a parameter value that is an expression (`={{ … }}`), checked only when it runs. */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.charCodeAt(0) === 61; // '='
}

/**
 * Checks a node's parameters against its operator's ParamDescriptions: required ones present,
 * values of the declared type, options among the allowed values, numbers within min/max.
 * Expressions are accepted for any type since their value is known only at run time.
 */
export function validateParams(
  params: Readonly<Record<string, unknown>> | undefined,
  descriptions: readonly ParamDescription[],
  pathOf: string | (() => string),
  operatorId: string,
  out: Diagnostic[],
): void {
  const values = params ?? {};
  if (descriptions.length === 0 && Object.keys(values).length === 0) return;
  const path = typeof pathOf === 'string' ? pathOf : pathOf();
  const known = new Set<string>();
  for (const d of descriptions) {
    known.add(d.name);
    if (!visible(d, values, descriptions)) continue;
    const value = values[d.name];
    const at = `${path}.${d.name}`;
    if (value === undefined) {
      if (d.required && d.default === undefined) {
        out.push(diag('error', 'MissingParameter', `${operatorId} needs parameter "${d.name}"${d.description ? ` (${d.description})` : ''}`, at, `add "${d.name}" to params`));
      }
      continue;
    }
    checkValue(value, d, at, operatorId, out);
  }
  for (const name of Object.keys(values)) {
    if (known.has(name)) continue;
    const guess = closest(name, known);
    out.push(diag('warning', 'UnknownParameter', `${operatorId} has no parameter "${name}"; it is ignored`, `${path}.${name}`, guess ? `did you mean "${guess}"?` : `remove "${name}"`));
  }
}

function visible(d: ParamDescription, values: Readonly<Record<string, unknown>>, all: readonly ParamDescription[]): boolean {
  if (!d.showWhen) return true;
  for (const [other, allowed] of Object.entries(d.showWhen)) {
    const v = values[other] ?? all.find((p) => p.name === other)?.default;
    if (!allowed.includes(v as string | number | boolean)) return false;
  }
  return true;
}

function checkValue(value: unknown, d: ParamDescription, at: string, operatorId: string, out: Diagnostic[]): void {
  if (isExpression(value)) return;
  const bad = (expected: string, fix?: string): void => {
    out.push(diag('error', 'InvalidParameter', `${operatorId} parameter "${d.name}" must be ${expected}, got ${describe(value)}`, at, fix ?? `change "${d.name}" to ${expected}`));
  };
  switch (d.type) {
    case 'string':
    case 'code':
    case 'path':
    case 'secret':
    case 'expression':
      if (typeof value !== 'string') bad('a string');
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad('a number');
      if (d.min !== undefined && value < d.min) bad(`at least ${d.min}`);
      else if (d.max !== undefined && value > d.max) bad(`at most ${d.max}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') bad('true or false');
      return;
    case 'options': {
      const allowed = (d.options ?? []).map((o) => o.value);
      const list = d.multiple ? value : [value];
      if (!Array.isArray(list)) return bad('a list of options');
      for (const v of list) {
        if (!allowed.includes(v as string | number | boolean)) {
          const guess = typeof v === 'string' ? closest(v, allowed.map(String)) : undefined;
          return bad(`one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, guess ? `did you mean "${guess}"?` : undefined);
        }
      }
      return;
    }
    case 'collection': {
      if (d.multiple) {
        if (!Array.isArray(value)) return bad('a list');
        value.forEach((entry, i) => {
          if (!isPlainObject(entry)) bad(`a list of objects (entry ${i} is ${describe(entry)})`);
          else if (d.fields) validateParams(entry, d.fields, `${at}[${i}]`, operatorId, out);
        });
        return;
      }
      if (!isPlainObject(value)) return bad('an object');
      if (d.fields) validateParams(value, d.fields, at, operatorId, out);
      return;
    }
    case 'json':
      return;
  }
}

function isPlainObject(v: unknown): v is Record<string, JsonValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  return String(v);
}

function diag(severity: Diagnostic['severity'], code: string, message: string, path: string, fix?: string): Diagnostic {
  return { severity, code, message, path, fix, source: 'melody' };
}
