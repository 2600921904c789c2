import { defineOperator } from '../operator-registry';
import type { Item } from '../operator';

/** Re-pairs items with their input index, so `$('x').item` downstream follows this node. */
export function passThrough(items: readonly Item[]): Item[] {
  return items.map((item, i) => ({ ...item, pairedItem: { item: i } }));
}

/** `core.noop` — passes its items through unchanged (n8n's No Operation). */
export const noopOperator = defineOperator(
  {
    id: 'core.noop',
    displayName: 'No Operation',
    description: 'Passes every item through unchanged; useful as a junction or a named checkpoint.',
    category: 'Flow',
    icon: 'arrow-right',
    docs: 'Outputs exactly the items it receives, in order.',
  },
  async (_ctx, inputs) => [passThrough(inputs[0] ?? [])],
);

/** `core.manual-trigger` — starts a run by hand with one empty item (or the run's input items). */
export const manualTriggerOperator = defineOperator(
  {
    id: 'core.manual-trigger',
    displayName: 'Manual Trigger',
    description: 'Starts the melody when you run it; emits one empty item, or the items given as the run input.',
    category: 'Triggers',
    icon: 'play',
    inputs: [],
    docs: 'n8n\'s "When clicking \u2018Execute workflow\u2019". With `symphony run --input JSON` the input items are emitted instead of the empty item.',
  },
  async (_ctx, inputs) => {
    const given = inputs[0] ?? [];
    return [given.length > 0 ? passThrough(given) : [{ json: {} }]];
  },
);
