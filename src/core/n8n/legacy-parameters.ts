import type { JsonObject, JsonValue } from '../operators/operator';

/**
 * Older n8n node versions wrote their parameters differently. These functions rewrite them into
 * the shape of the newest version, which is what the core operators read. The original
 * parameters stay in the melody node's `n8n` record, so exporting an unedited node gives them back.
 */

const obj = (v: JsonValue | undefined): JsonObject => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});
const list = (v: JsonValue | undefined): JsonObject[] => (Array.isArray(v) ? v.filter((x): x is JsonObject => typeof x === 'object' && x !== null && !Array.isArray(x)) : []);

/** Edit Fields 1–2 (`values.string[]`, `keepOnlySet`) and 3.0–3.2 (`fields.values[]`, `include`) → 3.4. */
export function setToLatest(params: JsonObject, version: number): JsonObject {
  if (version >= 3.3) return params;
  if (version < 3) {
    const values = obj(params['values']);
    const assignments: JsonObject[] = [];
    for (const type of ['boolean', 'number', 'string'] as const) {
      for (const v of list(values[type])) assignments.push({ name: v['name'] ?? 'propertyName', value: v['value'] ?? (type === 'boolean' ? false : type === 'number' ? 0 : ''), type });
    }
    const out: JsonObject = { assignments: { assignments }, includeOtherFields: params['keepOnlySet'] !== true };
    const options = obj(params['options']);
    if (Object.keys(options).length > 0) out['options'] = { ...(options['dotNotation'] === false ? { dotNotation: false } : {}) };
    return out;
  }
  const { fields, include, ...rest } = params;
  const out: JsonObject = { ...rest };
  if ((params['mode'] ?? 'manual') === 'manual') {
    out['assignments'] = {
      assignments: list(obj(fields)['values']).map((f) => {
        const type = String(f['type'] ?? 'stringValue');
        return { name: f['name'] ?? '', value: f[type] ?? null, type: type.replace(/Value$/, '') };
      }),
    };
  }
  const mode = (include as string | undefined) ?? 'all';
  out['includeOtherFields'] = mode !== 'none';
  if (mode !== 'none') out['include'] = mode;
  return out;
}

const V1_OPERATIONS: Record<string, Record<string, string>> = {
  number: { smaller: 'lt', smallerEqual: 'lte', equal: 'equals', notEqual: 'notEquals', larger: 'gt', largerEqual: 'gte', isEmpty: 'empty', isNotEmpty: 'notEmpty' },
  string: {
    contains: 'contains', notContains: 'notContains', startsWith: 'startsWith', notStartsWith: 'notStartsWith', endsWith: 'endsWith', notEndsWith: 'notEndsWith',
    equal: 'equals', notEqual: 'notEquals', regex: 'regex', notRegex: 'notRegex', isEmpty: 'empty', isNotEmpty: 'notEmpty',
  },
  boolean: { equal: 'equals', notEqual: 'notEquals' },
  dateTime: { after: 'after', before: 'before' },
};
const V1_DEFAULT_OPERATION: Record<string, string> = { number: 'smaller', string: 'equal', boolean: 'equal', dateTime: 'after' };

/** If/Filter 1 (`conditions.number[]`, `combineOperation`) → the filter format of version 2. */
export function conditionsV1ToV2(conditions: JsonValue | undefined, combinator: 'and' | 'or'): JsonObject {
  const groups = obj(conditions);
  const out: JsonObject[] = [];
  for (const type of ['boolean', 'dateTime', 'number', 'string']) {
    for (const c of list(groups[type])) {
      const operation = V1_OPERATIONS[type]![String(c['operation'] ?? V1_DEFAULT_OPERATION[type])] ?? String(c['operation']);
      const singleValue = operation === 'empty' || operation === 'notEmpty';
      out.push({
        id: `v1-${out.length}`,
        leftValue: c['value1'] ?? '',
        rightValue: c['value2'] ?? (type === 'number' ? 0 : type === 'boolean' ? false : ''),
        operator: { type, operation, ...(singleValue ? { singleValue: true } : {}) },
      });
    }
  }
  // Version 1 compared loosely (a number in a string still compared as a number).
  return { options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 1 }, conditions: out, combinator };
}

/** If 1 → If 2. */
export function ifToLatest(params: JsonObject, version: number): JsonObject {
  if (version >= 2) return params;
  return { conditions: conditionsV1ToV2(params['conditions'], params['combineOperation'] === 'any' ? 'or' : 'and'), options: {} };
}

/** Filter 1 → Filter 2. */
export function filterToLatest(params: JsonObject, version: number): JsonObject {
  if (version >= 2) return params;
  return { conditions: conditionsV1ToV2(params['conditions'], String(params['combineConditions'] ?? 'AND').toUpperCase() === 'OR' ? 'or' : 'and'), options: {} };
}

/** Version 1–2 said `output: input1 | input2 | empty`; version 3 says which input by number. */
function chooseBranch(output: JsonValue | undefined): JsonObject {
  if (output === 'empty') return { mode: 'chooseBranch', output: 'empty' };
  return { mode: 'chooseBranch', output: 'specifiedInput', useDataOfInput: output === 'input2' ? 2 : 1 };
}

const COMBINATION: Record<string, string> = { mergeByFields: 'combineByFields', mergeByPosition: 'combineByPosition', multiplex: 'combineAll' };

/** Merge 1 and 2 → Merge 3. */
export function mergeToLatest(params: JsonObject, version: number): JsonObject {
  if (version >= 3) return params;
  const options = obj(params['options']);
  if (version >= 2) {
    const { combinationMode, chooseBranchMode: _wait, ...rest } = params;
    const mode = String(params['mode'] ?? 'append');
    if (mode === 'combine') return { ...rest, mode: 'combine', combineBy: COMBINATION[String(combinationMode ?? 'mergeByFields')] ?? 'combineByFields', advanced: true };
    if (mode === 'chooseBranch') return chooseBranch(params['output']);
    return rest;
  }
  const mode = String(params['mode'] ?? 'append');
  const byKey = (joinMode: string, outputDataFrom?: string): JsonObject => ({
    mode: 'combine',
    combineBy: 'combineByFields',
    advanced: true,
    mergeByFields: { values: [{ field1: params['propertyName1'] ?? '', field2: params['propertyName2'] ?? '' }] },
    joinMode,
    ...(outputDataFrom ? { outputDataFrom } : {}),
    options,
  });
  switch (mode) {
    case 'mergeByKey':
      return byKey('enrichInput1');
    case 'keepKeyMatches':
      return byKey('keepMatches', 'input1');
    case 'removeKeyMatches':
      return byKey('keepNonMatches', 'input1');
    case 'mergeByIndex':
      return { mode: 'combine', combineBy: 'combineByPosition', options: { includeUnpaired: params['join'] === 'outer' } };
    case 'multiplex':
      return { mode: 'combine', combineBy: 'combineAll' };
    case 'passThrough':
      return chooseBranch(params['output']);
    case 'wait':
      return { mode: 'chooseBranch', output: 'empty' };
    default:
      return { mode: 'append' };
  }
}
