import { defineOperator } from '../operator-registry';
import { type Item, OperatorError } from '../operator';

/** `core.limit` — keeps the first (or last) N items. */
export const limitOperator = defineOperator(
  {
    id: 'core.limit',
    displayName: 'Limit',
    description: 'Keeps only the first or last N items.',
    category: 'Data transformation',
    icon: 'list-filter',
    params: [
      { name: 'maxItems', displayName: 'Max items', type: 'number', default: 1, min: 1 },
      { name: 'keep', displayName: 'Keep', type: 'options', default: 'firstItems', options: [{ value: 'firstItems', label: 'First items' }, { value: 'lastItems', label: 'Last items' }] },
    ],
    docs: 'Items keep their order. With fewer items than maxItems all of them pass.',
  },
  async (ctx, inputs) => {
    const items = inputs[0] ?? [];
    const max = Number(ctx.param('maxItems', 0, 1));
    if (!Number.isFinite(max) || max < 0) throw new OperatorError('InvalidParameter', `Node "${ctx.nodeName}": maxItems must be a number ≥ 0, not ${JSON.stringify(ctx.rawParams['maxItems'])}.`);
    const keep = ctx.param<string>('keep', 0, 'firstItems');
    const paired = items.map((item, i): Item => ({ ...item, pairedItem: { item: i } }));
    if (max >= paired.length) return [paired];
    return [keep === 'lastItems' ? paired.slice(paired.length - max) : paired.slice(0, max)];
  },
);
