import { defineOperator } from '../operator-registry';
import { type Item, type JsonObject, type JsonValue, type OperatorContext, OperatorError } from '../operator';
import { deepCopy, isJsonObject } from './json-values';
import { fieldList, readField, unsetPath, writeField } from './field-path';
import { type AssignmentType, ConversionError, assignmentType, convertToType, relaxedJson } from './type-conversion';
import { type ExpressionScope, evaluateExpression, toJsonValue } from '../../expression/index';

/** A context that can hand out the expression scope of an item (the conductor offers it). */
interface ScopedContext {
  expressionScope?(itemIndex: number): ExpressionScope;
}
import { throwIfAborted } from './abort';

/** One Edit Fields assignment as n8n 3.3+ writes it. */
interface Assignment {
  name: string;
  value: unknown;
  type?: string;
}

interface SetOptions {
  dotNotation?: boolean;
  ignoreConversionErrors?: boolean;
  stripBinary?: boolean;
}

/** Accepts `{ assignments: [...] }` (n8n) or a bare list. */
function assignmentList(raw: unknown): Assignment[] {
  const list = isJsonObject(raw) ? raw['assignments'] : raw;
  return Array.isArray(list) ? (list.filter(isJsonObject) as unknown as Assignment[]) : [];
}

/**
 * JSON mode's text for one item. Like n8n, each `{{ }}` of an expression is replaced by its value,
 * objects and arrays written as JSON (so `{ "user": {{ $json.user }} }` works), before parsing.
 */
function jsonOutputText(ctx: OperatorContext, i: number): unknown {
  const raw = ctx.rawParams['jsonOutput'];
  const scoped = (ctx as OperatorContext & ScopedContext).expressionScope;
  if (typeof raw !== 'string' || !raw.startsWith('=') || typeof scoped !== 'function') return ctx.param('jsonOutput', i, '{}');
  const scope = scoped.call(ctx, i);
  return raw.replace(/^=+/, '').replace(/\{\{([\s\S]*?)\}\}/g, (_match, code: string) => {
    const value = evaluateExpression(code, scope);
    return typeof value === 'object' && value !== null ? JSON.stringify(toJsonValue(value)) : String(value);
  });
}

function parseJsonOutput(ctx: OperatorContext, i: number): JsonObject {
  let raw = jsonOutputText(ctx, i);
  if (typeof raw === 'string') {
    const text = raw;
    try {
      raw = JSON.parse(text);
    } catch {
      try {
        raw = JSON.parse(relaxedJson(text));
      } catch (e) {
        throw new OperatorError('InvalidJson', `Node "${ctx.nodeName}": the JSON output of item ${i} is not valid JSON (${(e as Error).message}). Write a JSON object, e.g. {"field": "value"}.`);
      }
    }
  }
  if (!isJsonObject(raw)) throw new OperatorError('InvalidJson', `Node "${ctx.nodeName}": the JSON output of item ${i} does not contain a JSON object.`);
  return raw;
}

function newFields(ctx: OperatorContext, i: number, options: SetOptions): Array<[string, JsonValue]> {
  if (ctx.param<string>('mode', i, 'manual') === 'raw') return Object.entries(parseJsonOutput(ctx, i));
  const result: Array<[string, JsonValue]> = [];
  for (const a of assignmentList(ctx.param('assignments', i, { assignments: [] }))) {
    const name = String(a.name ?? '');
    if (name === '') throw new OperatorError('MissingFieldName', `Node "${ctx.nodeName}": an assignment has no name. Give every field a name.`);
    const type: AssignmentType = assignmentType(a.type);
    try {
      result.push([name, convertToType(a.value, type)]);
    } catch (e) {
      if (!(e instanceof ConversionError)) throw e;
      if (options.ignoreConversionErrors) {
        result.push([name, (a.value ?? null) as JsonValue]);
        continue;
      }
      throw new OperatorError(
        'TypeConversion',
        `Node "${ctx.nodeName}": '${name}' ${e.message} [item ${i}]. Change the field's type, fix its value, or set options.ignoreConversionErrors.`,
        { itemIndex: i, field: name },
      );
    }
  }
  const fields = ctx.param<JsonValue>('fields', i, {});
  if (isJsonObject(fields)) for (const [k, v] of Object.entries(fields)) result.push([k, v]);
  return result;
}

/** Builds the output item: the kept input fields (per `include`), then the new fields. */
function composeItem(ctx: OperatorContext, input: Item, i: number, fields: Array<[string, JsonValue]>, options: SetOptions): Item {
  const dot = options.dotNotation !== false;
  const include = ctx.param<boolean>('includeOtherFields', i, false) ? ctx.param<string>('include', i, 'all') : 'none';
  let json: JsonObject = {};
  switch (include) {
    case 'all':
      json = deepCopy(input.json);
      break;
    case 'selected':
      // As n8n: a selected nested field is kept under its last name ("a.b" → "b").
      for (const field of fieldList(ctx.param('includeFields', i, ''))) {
        const value = readField(input.json, field, dot);
        if (value !== undefined) writeField(json, dot && field.includes('.') ? field.split('.').pop()! : field, deepCopy(value), dot);
      }
      break;
    case 'except':
      json = deepCopy(input.json);
      for (const field of fieldList(ctx.param('excludeFields', i, ''))) {
        if (dot) unsetPath(json, field);
        else delete json[field];
      }
      break;
    case 'none':
      break;
    default:
      throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": include must be "all", "selected", "except" or "none", not "${include}".`);
  }
  for (const [name, value] of fields) writeField(json, name, value, dot);
  const out: Item = { json, pairedItem: { item: i } };
  if (input.binary && include !== 'none' && !options.stripBinary) out.binary = input.binary;
  return out;
}

/** `core.set` — n8n's Edit Fields (Set): add or change fields, keep or drop the others. */
export const setOperator = defineOperator(
  {
    id: 'core.set',
    displayName: 'Edit Fields (Set)',
    description: 'Sets fields on every item, converting each value to its declared type; keeps or drops the other fields.',
    category: 'Data transformation',
    icon: 'edit',
    params: [
      { name: 'mode', displayName: 'Mode', type: 'options', default: 'manual', options: [{ value: 'manual', label: 'Manual mapping' }, { value: 'raw', label: 'JSON' }] },
      {
        name: 'assignments',
        displayName: 'Fields to set',
        type: 'collection',
        default: { assignments: [] },
        description: 'A list of { name, type, value }; type is string, number, boolean, array or object and the value is converted to it.',
        showWhen: { mode: ['manual'] },
      },
      { name: 'fields', displayName: 'Fields (name → value)', type: 'json', default: {}, description: 'A plain map of field names to values, set without type conversion.' },
      { name: 'jsonOutput', displayName: 'JSON', type: 'json', default: '{}', showWhen: { mode: ['raw'] } },
      { name: 'includeOtherFields', displayName: 'Include other input fields', type: 'boolean', default: false },
      {
        name: 'include',
        displayName: 'Input fields to include',
        type: 'options',
        default: 'all',
        options: [{ value: 'all' }, { value: 'selected' }, { value: 'except' }],
        showWhen: { includeOtherFields: [true] },
      },
      { name: 'includeFields', displayName: 'Fields to include', type: 'string', default: '', description: 'Comma-separated.', showWhen: { include: ['selected'] } },
      { name: 'excludeFields', displayName: 'Fields to exclude', type: 'string', default: '', description: 'Comma-separated.', showWhen: { include: ['except'] } },
      {
        name: 'options',
        type: 'collection',
        default: {},
        fields: [
          { name: 'dotNotation', type: 'boolean', default: true, description: 'Treat "a.b" as a nested path.' },
          { name: 'ignoreConversionErrors', type: 'boolean', default: false },
          { name: 'stripBinary', type: 'boolean', default: false },
        ],
      },
    ],
    docs: 'Each assignment value may be an expression; it is evaluated per item and converted to its type ("36" → 36 for number, a JSON text → array/object). A value that cannot be converted fails the node unless options.ignoreConversionErrors is on.',
  },
  async (ctx, inputs, signal) => {
    const items = inputs[0] ?? [];
    const out: Item[] = [];
    for (let i = 0; i < items.length; i++) {
      throwIfAborted(signal);
      const options = ctx.param<SetOptions>('options', i, {}) ?? {};
      out.push(composeItem(ctx, items[i]!, i, newFields(ctx, i, options), options));
    }
    return [out];
  },
);
