import { defineOperator } from '../operator-registry';
import { type Item, type JsonValue, OperatorError } from '../operator';
import { deepEqual, isJsonObject } from './json-values';
import { readField } from './field-path';

interface SortField {
  fieldName: string;
  order?: 'ascending' | 'descending';
}

/** Accepts n8n's `{ sortField: [...] }` or a bare list of `{ fieldName, order }`. */
function sortFields(raw: unknown): SortField[] {
  const list = isJsonObject(raw) ? raw['sortField'] : raw;
  return Array.isArray(list) ? (list.filter(isJsonObject) as unknown as SortField[]).filter((f) => String(f.fieldName ?? '') !== '') : [];
}

// n8n compares strings case-insensitively and everything else with JavaScript's < operator.
const comparable = (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase() : v);

/** `core.sort` — sorts items by one or more fields; equal items keep their input order. */
export const sortOperator = defineOperator(
  {
    id: 'core.sort',
    displayName: 'Sort',
    description: 'Sorts items by fields (ascending or descending), or in random order.',
    category: 'Data transformation',
    icon: 'list-ordered',
    params: [
      { name: 'type', displayName: 'Type', type: 'options', default: 'simple', options: [{ value: 'simple', label: 'By fields' }, { value: 'random', label: 'Random' }] },
      {
        name: 'sortFieldsUi',
        displayName: 'Fields to sort by',
        type: 'collection',
        default: { sortField: [] },
        description: 'A list of { fieldName, order } (order: ascending | descending); later fields break ties of earlier ones.',
        showWhen: { type: ['simple'] },
      },
      { name: 'options', type: 'collection', default: {}, fields: [{ name: 'disableDotNotation', type: 'boolean', default: false }] },
    ],
    docs: 'Strings compare case-insensitively. The sort is stable: items that compare equal keep their input order.',
  },
  async (ctx, inputs) => {
    const items = (inputs[0] ?? []).map((item, i): Item => ({ ...item, pairedItem: { item: i } }));
    const type = ctx.param<string>('type', 0, 'simple');
    if (type === 'random') {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
      return [items];
    }
    if (type !== 'simple') throw new OperatorError('Unsupported', `Node "${ctx.nodeName}": sort type "${type}" is not supported; use "simple" (by fields) or "random", or sort in a core.code node.`);
    const fields = sortFields(ctx.param('sortFieldsUi', 0, { sortField: [] }));
    if (fields.length === 0) throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": no sort field given. Add a field to sortFieldsUi.sortField.`);
    const dot = !ctx.param<{ disableDotNotation?: boolean }>('options', 0, {})?.disableDotNotation;
    for (const { fieldName } of fields) {
      if (items.length > 0 && !items.some((item) => readField(item.json, fieldName, dot) !== undefined)) {
        const hint = !dot && fieldName.includes('.') ? ' For a nested field, turn off options.disableDotNotation.' : '';
        throw new OperatorError('FieldNotFound', `Node "${ctx.nodeName}": couldn't find the field '${fieldName}' in the input data.${hint}`);
      }
    }
    const keys = fields.map((f) => ({ name: f.fieldName, direction: f.order === 'descending' ? -1 : 1 }));
    const values = items.map((item) => keys.map((k) => comparable(readField(item.json, k.name, dot)) as JsonValue));
    const order = items.map((_, i) => i);
    order.sort((a, b) => {
      for (let k = 0; k < keys.length; k++) {
        const va = values[a]![k];
        const vb = values[b]![k];
        if (deepEqual(va, vb)) continue;
        return ((va as number) < (vb as number) ? -1 : 1) * keys[k]!.direction;
      }
      return 0;
    });
    return [order.map((i) => items[i]!)];
  },
);
