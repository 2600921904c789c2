import type { Item, JsonObject } from '../../../../src/core/operators/operator';
import type { ExpressionScope, NodeRunRecord, RunDataView } from '../../../../src/core/expression';

/** A RunDataView over hand-built records, found by id or name. */
export function runOf(records: NodeRunRecord[]): RunDataView {
  return { get: (key) => records.find((r) => r.id === key || r.name === key) };
}

/** A scope for node `n` whose only input item is `json` (or the given items), with a fixed clock. */
export function scopeOf(json: JsonObject | Item[] = {}, extra: Partial<ExpressionScope> = {}): ExpressionScope {
  const items = Array.isArray(json) ? json : [{ json }];
  return {
    run: runOf([]),
    node: { id: 'n', name: 'Node' },
    inputs: [items],
    itemIndex: 0,
    now: new Date('2024-03-15T10:20:30.000Z'),
    ...extra,
  };
}

export const WHERE = { nodeId: 'n', parameter: 'value' };
