import { defineOperator } from '../operator-registry';
import { type Item, type JsonObject, type JsonValue, OperatorError } from '../operator';
import { deepCopy, isJsonObject, valueKey } from './json-values';
import { fieldList, readField, writeField } from './field-path';

interface DedupOptions {
  disableDotNotation?: boolean;
  removeOtherFields?: boolean;
}

/** Every leaf path of a value, as n8n's flattenKeys gives them; empty objects and arrays have none. */
function leafPaths(value: JsonValue, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys = Object.keys(value);
  return keys.flatMap((k) => leafPaths((value as Record<string, JsonValue>)[k]!, prefix ? `${prefix}.${k}` : k));
}

/** n8n 1.0 wrote field lists as `{ fields: [{ fieldName }] }`; later versions as "a, b". */
function listOf(raw: unknown): string[] {
  if (isJsonObject(raw) && Array.isArray(raw['fields'])) return raw['fields'].filter(isJsonObject).map((f) => String(f['fieldName'] ?? '')).filter(Boolean);
  return fieldList(raw);
}

/** `core.remove-duplicates` — keeps the first of items that are equal on the compared fields. */
export const removeDuplicatesOperator = defineOperator(
  {
    id: 'core.remove-duplicates',
    displayName: 'Remove Duplicates',
    description: 'Drops items equal to an earlier item, comparing all fields, all but some, or selected fields.',
    category: 'Data transformation',
    icon: 'filter',
    params: [
      { name: 'operation', type: 'options', default: 'removeDuplicateInputItems', options: [{ value: 'removeDuplicateInputItems', label: 'Remove items repeated within current input' }] },
      {
        name: 'compare',
        displayName: 'Compare',
        type: 'options',
        default: 'allFields',
        options: [{ value: 'allFields' }, { value: 'allFieldsExcept' }, { value: 'selectedFields' }],
      },
      { name: 'fieldsToExclude', type: 'string', default: '', showWhen: { compare: ['allFieldsExcept'] } },
      { name: 'fieldsToCompare', type: 'string', default: '', showWhen: { compare: ['selectedFields'] } },
      {
        name: 'options',
        type: 'collection',
        default: {},
        fields: [
          { name: 'disableDotNotation', type: 'boolean', default: false },
          { name: 'removeOtherFields', type: 'boolean', default: false, description: 'Output only the compared fields.' },
        ],
      },
    ],
    docs: 'Equality is deep (objects and arrays compare by content). The first occurrence is kept and the input order is preserved.',
  },
  async (ctx, inputs) => {
    const items = inputs[0] ?? [];
    const operation = ctx.param<string>('operation', 0, 'removeDuplicateInputItems');
    if (operation !== 'removeDuplicateInputItems') {
      throw new OperatorError('Unsupported', `Node "${ctx.nodeName}": operation "${operation}" needs deduplication history across runs, which Symphony does not keep; use "removeDuplicateInputItems".`);
    }
    const compare = ctx.param<string>('compare', 0, 'allFields');
    const options = ctx.param<DedupOptions>('options', 0, {}) ?? {};
    const dot = !options.disableDotNotation;
    if (items.length === 0) return [[]];
    // n8n compares leaf paths ("user.name", "tags.0"), not whole top-level values.
    const keysOf = (json: JsonObject) => (dot ? leafPaths(json) : Object.keys(json));
    let keys: string[];
    if (compare === 'allFields') {
      keys = [...new Set(items.flatMap((i) => keysOf(i.json)))];
    } else if (compare === 'allFieldsExcept') {
      const excluded = listOf(ctx.param('fieldsToExclude', 0, ''));
      if (excluded.length === 0) throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": no fields to exclude; list them in fieldsToExclude.`);
      keys = keysOf(items[0]!.json).filter((k) => !excluded.includes(k));
    } else if (compare === 'selectedFields') {
      keys = listOf(ctx.param('fieldsToCompare', 0, ''));
      if (keys.length === 0) throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": no fields to compare; list them in fieldsToCompare.`);
    } else {
      throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": compare must be allFields, allFieldsExcept or selectedFields, not "${compare}".`);
    }
    // Like n8n: every compared field must be present, with one type, in every item (null fits any type).
    for (const key of keys) {
      let type: string | undefined;
      for (const item of items) {
        const value = readField(item.json, key, dot);
        if (value === null) continue;
        if (value === undefined) {
          const hint = !dot && key.includes('.') ? ' For a nested field, turn off options.disableDotNotation.' : ' Compare only fields every item has (compare: selectedFields).';
          throw new OperatorError('FieldNotFound', `Node "${ctx.nodeName}": '${key}' field is missing from some input items.${hint}`);
        }
        const t = typeof value;
        if (type !== undefined && type !== t) throw new OperatorError('TypeMismatch', `Node "${ctx.nodeName}": '${key}' isn't always the same type (${type} and ${t}); make the items agree or leave the field out of the comparison.`);
        type = t;
      }
    }
    const seen = new Set<string>();
    const out: Item[] = [];
    items.forEach((item, i) => {
      const fingerprint = valueKey(keys.map((k) => readField(item.json, k, dot)));
      if (seen.has(fingerprint)) return;
      seen.add(fingerprint);
      let json = item.json;
      if (options.removeOtherFields && compare !== 'allFields') {
        json = {} as JsonObject;
        for (const k of keys) {
          const v = readField(item.json, k, dot);
          if (v !== undefined) writeField(json, k, deepCopy(v), dot);
        }
      }
      out.push({ ...item, json, pairedItem: { item: i } });
    });
    return [out];
  },
);
