import { defineOperator } from '../operator-registry';
import { type Item, type JsonObject, type JsonValue, OperatorError } from '../operator';
import { deepCopy } from './json-values';
import { fieldList, readField, unsetPath } from './field-path';
import { throwIfAborted } from './abort';

interface SplitOptions {
  disableDotNotation?: boolean;
  destinationFieldName?: string;
  includeBinary?: boolean;
}

/** The values to split: arrays as they are, objects by their values, a scalar as one value. */
function entriesOf(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null) return [value];
  return Array.isArray(value) ? value : Object.values(value);
}

/** `core.split` — n8n's Split Out: one output item per element of an array field. */
export const splitOperator = defineOperator(
  {
    id: 'core.split',
    displayName: 'Split Out',
    description: 'Turns an array field (or several, side by side) into one item per element.',
    category: 'Data transformation',
    icon: 'split-horizontal',
    params: [
      { name: 'fieldToSplitOut', displayName: 'Fields to split out', type: 'string', required: true, default: '', description: 'Comma-separated; dot paths reach nested fields.' },
      {
        name: 'include',
        displayName: 'Include',
        type: 'options',
        default: 'noOtherFields',
        options: [
          { value: 'noOtherFields', label: 'No other fields' },
          { value: 'allOtherFields', label: 'All other fields' },
          { value: 'selectedOtherFields', label: 'Selected other fields' },
        ],
      },
      { name: 'fieldsToInclude', displayName: 'Fields to include', type: 'string', default: '', showWhen: { include: ['selectedOtherFields'] } },
      {
        name: 'options',
        type: 'collection',
        default: {},
        fields: [
          { name: 'disableDotNotation', type: 'boolean', default: false },
          { name: 'destinationFieldName', type: 'string', default: '', description: 'Comma-separated, one per field to split out.' },
          { name: 'includeBinary', type: 'boolean', default: false },
        ],
      },
    ],
    docs: 'Elements that are objects become the item itself (unless a destination field is named or several fields are split); other elements are stored under the field\'s name. Every output item is paired with the input item it came from.',
  },
  async (ctx, inputs, signal) => {
    const items = inputs[0] ?? [];
    const out: Item[] = [];
    for (let i = 0; i < items.length; i++) {
      throwIfAborted(signal);
      const fields = fieldList(ctx.param('fieldToSplitOut', i, ''));
      if (fields.length === 0) {
        // n8n outputs nothing here rather than failing; say why in the run log.
        ctx.log('warn', `${ctx.nodeName}: fieldToSplitOut is empty for item ${i}, so it gives no items; name the array field to split, e.g. "items".`);
        continue;
      }
      const options = ctx.param<SplitOptions>('options', i, {}) ?? {};
      const dot = !options.disableDotNotation;
      const include = ctx.param<string>('include', i, 'noOtherFields');
      const destinations = fieldList(options.destinationFieldName ?? '');
      if (destinations.length > 0 && destinations.length !== fields.length) {
        throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": ${fields.length} field(s) to split out but ${destinations.length} destination field(s); give one destination per field.`);
      }
      const source = items[i]!.json;
      const multi = fields.length > 1;
      const rows: JsonObject[] = [];
      fields.forEach((field, f) => {
        const destination = destinations[f] ?? '';
        entriesOf(readField(source, field, dot)).forEach((element, e) => {
          const row = (rows[e] ??= {});
          if (include === 'noOtherFields' && typeof element === 'object' && element !== null && destination === '' && !multi) {
            Object.assign(row, deepCopy(element));
          } else {
            row[destination || field] = deepCopy(element);
          }
        });
      });
      let kept: JsonObject = {};
      let selected: string[] = [];
      if (include === 'allOtherFields') {
        kept = deepCopy(source);
        for (const field of fields) {
          if (dot) unsetPath(kept, field);
          else delete kept[field];
        }
      } else if (include === 'selectedOtherFields') {
        selected = fieldList(ctx.param('fieldsToInclude', i, ''));
        if (selected.length === 0) throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": include is "selectedOtherFields" but fieldsToInclude is empty; name the fields to keep.`);
      }
      for (const row of rows) {
        const json: JsonObject = include === 'allOtherFields' ? { ...deepCopy(kept), ...(row ?? {}) } : (row ?? {});
        // As n8n: selected fields are added after the split values, under the name as written.
        for (const field of selected) {
          const value = readField(source, field, dot);
          if (value !== undefined) json[field] = deepCopy(value);
        }
        const item: Item = { json, pairedItem: { item: i } };
        if (options.includeBinary && items[i]!.binary) item.binary = items[i]!.binary;
        out.push(item);
      }
    }
    return [out];
  },
);
