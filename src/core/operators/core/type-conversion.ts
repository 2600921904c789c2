import type { JsonValue } from '../operator';
import { describeValue } from './json-values';

/** The declared types of an Edit Fields (Set) assignment. */
export type AssignmentType = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'auto';

/** Why a value could not take its declared type; the message follows n8n's wording. */
export class ConversionError extends Error {}

const expected = (type: string, value: unknown) => new ConversionError(`expects ${type === 'array' || type === 'object' ? 'an' : 'a'} ${type} but we got ${describeValue(value)}`);

function parseNumber(value: unknown): number {
  const n = Number(value);
  if (Number.isNaN(n)) throw expected('number', value);
  return n;
}

function parseBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && ['true', 'false'].includes(value.toLowerCase())) return value.toLowerCase() === 'true';
  if (!(typeof value === 'string' && value.trim() === '')) {
    const n = Number(value);
    if (n === 0) return false;
    if (n === 1) return true;
  }
  throw expected('boolean', value);
}

function parseJson(value: unknown, lenient: boolean): unknown {
  const text = String(value);
  try {
    return JSON.parse(text);
  } catch {
    // n8n also accepts single-quoted JSON such as "['a', 'b']" and, for objects, JavaScript
    // object notation ({ a: 1, }).
    return JSON.parse(lenient ? relaxedJson(text) : text.replace(/'/g, '"'));
  }
}

/** Single quotes, bare keys and trailing commas turned into JSON (n8n's recovery for JSON fields). */
export function relaxedJson(text: string): string {
  return text
    .replace(/'/g, '"')
    .replace(/(['"])?([a-zA-Z0-9_]+)(['"])?:/g, '"$2":')
    .replace(/,\s*([\]}])/g, '$1')
    .replace(/,+$/, '');
}

function parseArray(value: unknown): JsonValue[] {
  if (Array.isArray(value)) return value as JsonValue[];
  try {
    const parsed = parseJson(value, false);
    if (Array.isArray(parsed)) return parsed as JsonValue[];
  } catch {
    // reported below
  }
  throw expected('array', value);
}

function parseObject(value: unknown): JsonValue {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonValue;
  try {
    const parsed = parseJson(value, true);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as JsonValue;
  } catch {
    // reported below
  }
  throw expected('object', value);
}

/**
 * Converts an evaluated assignment value to its declared type, as n8n's Set node (3.2+) does:
 * strings become numbers, booleans, arrays or objects by parsing; anything becomes a string
 * (objects as JSON). Null and undefined become null whatever the type. Throws ConversionError
 * on a bad conversion.
 */
export function convertToType(value: unknown, type: AssignmentType): JsonValue {
  if (value === undefined || value === null) return null;
  if (type === 'auto') return value as JsonValue;
  if (type === 'string') return typeof value === 'object' ? JSON.stringify(value) : String(value);
  switch (type) {
    case 'number':
      return parseNumber(value);
    case 'boolean':
      return parseBoolean(value);
    case 'array':
      return parseArray(value);
    case 'object':
      return parseObject(value);
  }
}

/** Normalises n8n's type names (`stringValue`, `numberValue`, `string`…) to an AssignmentType. */
export function assignmentType(raw: unknown): AssignmentType {
  const name = String(raw ?? 'auto').replace(/Value$/, '');
  return (['string', 'number', 'boolean', 'array', 'object'] as const).find((t) => t === name) ?? 'auto';
}
