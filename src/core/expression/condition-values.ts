import { ExprDateTime, parseDateString } from './date-time';
import { HostObject } from './runtime';

/** The value types n8n's filter conditions compare. */
export type ConditionType = 'string' | 'number' | 'boolean' | 'dateTime' | 'array' | 'object' | 'any';

export type Parsed = { valid: true; value: unknown } | { valid: false };

const invalid: Parsed = { valid: false };

function toText(value: unknown): string {
  if (value instanceof HostObject) return String(value);
  if (typeof value === 'object') return JSON.stringify(value) ?? '';
  if (value === undefined) return '';
  return String(value);
}

function parseBoolean(value: unknown): Parsed {
  if (typeof value === 'boolean') return { valid: true, value };
  if (typeof value === 'string' && ['true', 'false'].includes(value.toLowerCase())) return { valid: true, value: value.toLowerCase() === 'true' };
  if (!(typeof value === 'string' && value.trim() === '')) {
    const n = Number(value);
    if (n === 0) return { valid: true, value: false };
    if (n === 1) return { valid: true, value: true };
  }
  return invalid;
}

function parseDateTime(value: unknown): Parsed {
  if (value instanceof ExprDateTime) return { valid: true, value };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? invalid : { valid: true, value: new ExprDateTime(value.getTime()) };
  const ms = parseDateString(String(value));
  return Number.isNaN(ms) ? invalid : { valid: true, value: new ExprDateTime(ms) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // n8n also accepts single-quoted JSON.
    return JSON.parse(text.replace(/'/g, '"')) as unknown;
  }
}

function parseArray(value: unknown): Parsed {
  if (Array.isArray(value)) return { valid: true, value };
  try {
    const parsed = parseJson(String(value));
    return Array.isArray(parsed) ? { valid: true, value: parsed } : invalid;
  } catch {
    return invalid;
  }
}

function parseObject(value: unknown): Parsed {
  if (value && typeof value === 'object' && !Array.isArray(value)) return { valid: true, value };
  try {
    const parsed = parseJson(String(value));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? { valid: true, value: parsed } : invalid;
  } catch {
    return invalid;
  }
}

/**
 * Converts one side of a condition to the operator's type, as n8n's filter does: with strict
 * validation the value must already have the type (dates excepted: text is always parsed); with
 * loose validation text and numbers are converted where that makes sense.
 */
export function parseConditionValue(value: unknown, type: ConditionType, strict: boolean, version: number): Parsed {
  if (type === 'any' || value === null || value === undefined) return { valid: true, value };
  switch (type) {
    case 'string':
      if (strict && typeof value !== 'string') return invalid;
      return { valid: true, value: toText(value) };
    case 'number': {
      if (typeof value === 'number' && Number.isNaN(value)) return { valid: true, value };
      const empty = (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
      if (empty && version >= 3) return { valid: true, value: null };
      if (strict && typeof value !== 'number') return invalid;
      const n = Number(value instanceof HostObject ? value.valueOf() : value);
      return Number.isNaN(n) ? invalid : { valid: true, value: n };
    }
    case 'boolean':
      if (!strict) {
        if (version >= 2) {
          const parsed = parseBoolean(value);
          if (parsed.valid) return parsed;
        }
        return { valid: true, value: Boolean(value) };
      }
      if (typeof value !== 'boolean') return invalid;
      return { valid: true, value };
    case 'dateTime':
      return parseDateTime(value);
    case 'array':
      if (strict && !Array.isArray(value)) return invalid;
      return parseArray(value);
    case 'object':
      if (strict && (typeof value !== 'object' || value === null)) return invalid;
      return parseObject(value);
  }
}

/** `'a string'`, `'an object'`: the type of a value as n8n's messages name it. */
export function describeType(value: unknown): string {
  const t = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  return `${'aeiou'.includes(t[0]!) ? 'an' : 'a'} ${t}`;
}
