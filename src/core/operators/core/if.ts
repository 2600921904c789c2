import { defineOperator } from '../operator-registry';
import type { Item, ParamDescription } from '../operator';
import { itemPasses } from './conditions';
import { throwIfAborted } from './abort';

/** The parameters If and Filter share: n8n's filter (conditions + combinator) and its options. */
export const conditionParams: ParamDescription[] = [
  {
    name: 'conditions',
    displayName: 'Conditions',
    type: 'collection',
    default: { options: { caseSensitive: true, typeValidation: 'strict', version: 2 }, conditions: [], combinator: 'and' },
    description: '{ conditions: [{ leftValue, rightValue, operator: { type, operation } }], combinator: and | or, options: { caseSensitive, typeValidation } }',
  },
  // n8n's form settings; its editor copies them into conditions.options, which is what counts.
  { name: 'looseTypeValidation', displayName: 'Convert types where required (n8n form setting)', type: 'boolean', default: false, description: 'Kept for n8n; set conditions.options.typeValidation to "loose" to convert types.' },
  {
    name: 'options',
    type: 'collection',
    default: {},
    fields: [
      { name: 'ignoreCase', type: 'boolean', default: false, description: 'Kept for n8n; set conditions.options.caseSensitive to false to ignore case.' },
      { name: 'looseTypeValidation', type: 'boolean', default: false },
    ],
  },
];

/** `core.if` — routes each item to `true` or `false` by a condition set. */
export const ifOperator = defineOperator(
  {
    id: 'core.if',
    displayName: 'If',
    description: 'Sends each item to the true or the false output, by conditions on its fields.',
    category: 'Flow',
    icon: 'git-compare',
    outputs: [
      { name: 'true', displayName: 'true', type: 'items' },
      { name: 'false', displayName: 'false', type: 'items' },
    ],
    params: conditionParams,
    docs: 'Conditions are n8n\'s: typed operators (string, number, boolean, dateTime, array, object) combined with and/or. With conditions.options.typeValidation "strict" a value of the wrong type fails the node; "loose" converts it. conditions.options.caseSensitive false compares strings without case.',
  },
  async (ctx, inputs, signal) => {
    const items = inputs[0] ?? [];
    const yes: Item[] = [];
    const no: Item[] = [];
    for (let i = 0; i < items.length; i++) {
      throwIfAborted(signal);
      const pass = itemPasses(ctx, 'conditions', [], inputs, i);
      (pass ? yes : no).push({ ...items[i]!, pairedItem: { item: i } });
    }
    return [yes, no];
  },
);

/** `core.filter` — keeps the items that pass a condition set. */
export const filterOperator = defineOperator(
  {
    id: 'core.filter',
    displayName: 'Filter',
    description: 'Keeps only the items that match the conditions.',
    category: 'Flow',
    icon: 'filter',
    params: conditionParams,
    docs: 'The same conditions as core.if; items that fail them are dropped.',
  },
  async (ctx, inputs, signal) => {
    const items = inputs[0] ?? [];
    const kept: Item[] = [];
    for (let i = 0; i < items.length; i++) {
      throwIfAborted(signal);
      if (itemPasses(ctx, 'conditions', [], inputs, i)) kept.push({ ...items[i]!, pairedItem: { item: i } });
    }
    return [kept];
  },
);
