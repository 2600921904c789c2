import { defineOperator } from '../operator-registry';
import { type Item, type JsonObject, type JsonValue, OperatorError } from '../operator';
import { deepCopy, isJsonObject } from './json-values';
import { fieldList, readField, unsetPath, writeField } from './field-path';

interface FieldToAggregate {
  fieldToAggregate: string;
  renameField?: boolean;
  outputFieldName?: string;
}

interface AggregateOptions {
  disableDotNotation?: boolean;
  mergeLists?: boolean;
  keepMissing?: boolean;
  includeBinaries?: boolean;
}

function fieldsToAggregate(raw: unknown): FieldToAggregate[] {
  const list = isJsonObject(raw) ? raw['fieldToAggregate'] : raw;
  return Array.isArray(list) ? (list.filter(isJsonObject) as unknown as FieldToAggregate[]) : [];
}

const lastSegment = (field: string, dot: boolean) => (dot && field.includes('.') ? field.split('.').pop()! : field);

/** Aggregate individual fields: one list per field, over all items. */
function aggregateFields(nodeName: string, items: Item[], list: FieldToAggregate[], options: AggregateOptions): JsonObject {
  if (list.length === 0) throw new OperatorError('InvalidParameter', `Node "${nodeName}": no field to aggregate. Add one to fieldsToAggregate.fieldToAggregate.`);
  const dot = !options.disableDotNotation;
  const lists = new Map<string, JsonValue[]>();
  const used: string[] = [];
  for (const entry of list) {
    const source = String(entry.fieldToAggregate ?? '');
    const renamed = entry.renameField && entry.outputFieldName ? String(entry.outputFieldName) : undefined;
    const label = renamed ?? source;
    if (used.includes(label)) throw new OperatorError('InvalidParameter', `Node "${nodeName}": the output field '${label}' is used more than once; rename one of them.`);
    used.push(label);
    if (source === '') continue;
    const output = renamed ? lastSegment(renamed, dot) : lastSegment(source, dot);
    const values: JsonValue[] = [];
    for (const item of items) {
      let value = readField(item.json, source, dot);
      if (!options.keepMissing) {
        if (Array.isArray(value)) value = value.filter((v) => v !== null);
        else if (value === null || value === undefined) continue;
      }
      if (Array.isArray(value) && options.mergeLists) values.push(...deepCopy(value));
      else values.push(value === undefined ? null : deepCopy(value));
    }
    lists.set(output, values);
  }
  const json: JsonObject = {};
  for (const [key, values] of lists) writeField(json, key, values, dot);
  return json;
}

/** Aggregate all item data into one list field, optionally picking or dropping fields. */
function aggregateAll(nodeName: string, items: Item[], destination: string, include: string, fields: string[]): JsonObject {
  if (include !== 'allFields' && fields.length === 0) {
    throw new OperatorError('InvalidParameter', `Node "${nodeName}": include is "${include}" but no fields are listed.`);
  }
  const rows = items.map((item) => {
    if (include === 'specifiedFields') {
      const row: JsonObject = {};
      for (const f of fields) {
        const v = readField(item.json, f, true);
        if (v !== undefined) writeField(row, f, deepCopy(v), true);
      }
      return row;
    }
    const row = deepCopy(item.json);
    if (include === 'allFieldsExcept') for (const f of fields) unsetPath(row, f);
    return row;
  });
  return { [destination || 'data']: rows };
}

/** `core.aggregate` — n8n's Aggregate: many items into one. */
export const aggregateOperator = defineOperator(
  {
    id: 'core.aggregate',
    displayName: 'Aggregate',
    description: 'Combines all items into one: a list per field, or one list of whole items.',
    category: 'Data transformation',
    icon: 'layers',
    params: [
      {
        name: 'aggregate',
        displayName: 'Aggregate',
        type: 'options',
        default: 'aggregateIndividualFields',
        options: [
          { value: 'aggregateIndividualFields', label: 'Individual fields' },
          { value: 'aggregateAllItemData', label: 'All item data (into a single list)' },
        ],
      },
      {
        name: 'fieldsToAggregate',
        displayName: 'Fields to aggregate',
        type: 'collection',
        default: { fieldToAggregate: [] },
        description: 'A list of { fieldToAggregate, renameField, outputFieldName }.',
        showWhen: { aggregate: ['aggregateIndividualFields'] },
      },
      { name: 'destinationFieldName', displayName: 'Put output in field', type: 'string', default: 'data', showWhen: { aggregate: ['aggregateAllItemData'] } },
      { name: 'include', type: 'options', default: 'allFields', options: [{ value: 'allFields' }, { value: 'specifiedFields' }, { value: 'allFieldsExcept' }], showWhen: { aggregate: ['aggregateAllItemData'] } },
      { name: 'fieldsToInclude', type: 'string', default: '', showWhen: { include: ['specifiedFields'] } },
      { name: 'fieldsToExclude', type: 'string', default: '', showWhen: { include: ['allFieldsExcept'] } },
      {
        name: 'options',
        type: 'collection',
        default: {},
        fields: [
          { name: 'disableDotNotation', type: 'boolean', default: false },
          { name: 'mergeLists', type: 'boolean', default: false, description: 'Flatten array values into the output list.' },
          { name: 'keepMissing', type: 'boolean', default: false, description: 'Keep null and missing values in the lists.' },
        ],
      },
    ],
    docs: 'Missing and null values are skipped unless options.keepMissing is on. The output item is paired with every input item.',
  },
  async (ctx, inputs) => {
    const items = inputs[0] ?? [];
    const mode = ctx.param<string>('aggregate', 0, 'aggregateIndividualFields');
    const options = ctx.param<AggregateOptions>('options', 0, {}) ?? {};
    let json: JsonObject;
    if (mode === 'aggregateAllItemData') {
      const include = ctx.param<string>('include', 0, 'allFields');
      const fields = fieldList(ctx.param(include === 'specifiedFields' ? 'fieldsToInclude' : 'fieldsToExclude', 0, ''));
      json = aggregateAll(ctx.nodeName, items, ctx.param<string>('destinationFieldName', 0, 'data'), include, fields);
    } else if (mode === 'aggregateIndividualFields') {
      json = aggregateFields(ctx.nodeName, items, fieldsToAggregate(ctx.param('fieldsToAggregate', 0, { fieldToAggregate: [] })), options);
    } else {
      throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": aggregate must be "aggregateIndividualFields" or "aggregateAllItemData", not "${mode}".`);
    }
    return [[{ json, pairedItem: items.map((_, i) => ({ item: i })) }]];
  },
);
