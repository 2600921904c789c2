import { defineOperator } from '../operator-registry';
import { type Item, type JsonObject, type JsonValue, OperatorError } from '../operator';
import { deepCopy, isJsonObject } from './json-values';
import { fieldList, readField, writeField } from './field-path';

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
    const label = entry.renameField ? String(entry.outputFieldName ?? '') : source;
    if (used.includes(label)) throw new OperatorError('InvalidParameter', `Node "${nodeName}": the output field '${label}' is used more than once; rename one of them.`);
    used.push(label);
    if (source === '') continue;
    // n8n writes a given output name as written (dot paths nest), else the source's last segment.
    const output = entry.outputFieldName ? String(entry.outputFieldName) : lastSegment(source, dot);
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

/**
 * Aggregate all item data into one list field. As n8n: the include/exclude lists name top-level
 * fields, and items left with no fields are dropped (and not paired).
 */
function aggregateAll(items: Item[], destination: string, include: string[], exclude: string[]): Item {
  if (include.length === 0 && exclude.length === 0) {
    return { json: { [destination || 'data']: items.map((item) => deepCopy(item.json)) }, pairedItem: items.map((_, i) => ({ item: i })) };
  }
  const rows: JsonObject[] = [];
  const pairedItem: Array<{ item: number }> = [];
  items.forEach((item, i) => {
    const row: JsonObject = {};
    for (const key of Object.keys(item.json)) {
      if (exclude.includes(key) || (include.length > 0 && !include.includes(key))) continue;
      row[key] = deepCopy(item.json[key]!);
    }
    if (Object.keys(row).length === 0) return;
    rows.push(row);
    pairedItem.push({ item: i });
  });
  return { json: { [destination || 'data']: rows }, pairedItem };
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
    docs: 'Missing and null values are skipped unless options.keepMissing is on. The output item is paired with every input item it holds data of.',
  },
  async (ctx, inputs) => {
    const items = inputs[0] ?? [];
    const mode = ctx.param<string>('aggregate', 0, 'aggregateIndividualFields');
    const options = ctx.param<AggregateOptions>('options', 0, {}) ?? {};
    if (mode === 'aggregateAllItemData') {
      const include = ctx.param<string>('include', 0, 'allFields');
      const listed = (name: string) => fieldList(ctx.rawParams[name] === undefined ? '' : ctx.param(name, 0, ''));
      // n8n applies whichever lists are filled in; `include` only decides which one its form shows.
      const includeList = include === 'allFieldsExcept' ? [] : listed('fieldsToInclude');
      const excludeList = include === 'specifiedFields' ? [] : listed('fieldsToExclude');
      return [[aggregateAll(items, ctx.param<string>('destinationFieldName', 0, 'data'), includeList, excludeList)]];
    }
    let json: JsonObject;
    if (mode === 'aggregateIndividualFields') {
      json = aggregateFields(ctx.nodeName, items, fieldsToAggregate(ctx.param('fieldsToAggregate', 0, { fieldToAggregate: [] })), options);
    } else {
      throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": aggregate must be "aggregateIndividualFields" or "aggregateAllItemData", not "${mode}".`);
    }
    return [[{ json, pairedItem: items.map((_, i) => ({ item: i })) }]];
  },
);
