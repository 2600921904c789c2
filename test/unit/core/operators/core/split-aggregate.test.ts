import assert from 'node:assert/strict';
import { splitOperator } from '../../../../../src/core/operators/core/split';
import { aggregateOperator } from '../../../../../src/core/operators/core/aggregate';
import { items, jsonOf, run, testContext } from './test-context';

describe('core.split', () => {
  it('turns an array of objects into items paired with their source item', async () => {
    const [out] = await run(splitOperator, { fieldToSplitOut: 'rows' }, [items({ rows: [{ a: 1 }, { a: 2 }] }, { rows: [{ a: 3 }] })]);
    assert.deepEqual(jsonOf(out), [{ a: 1 }, { a: 2 }, { a: 3 }]);
    assert.deepEqual(out!.map((i) => i.pairedItem), [{ item: 0 }, { item: 0 }, { item: 1 }]);
  });

  it('stores scalars under the field name, or a destination field', async () => {
    const [out] = await run(splitOperator, { fieldToSplitOut: 'tags' }, [items({ tags: ['x', 'y'] })]);
    assert.deepEqual(jsonOf(out), [{ tags: 'x' }, { tags: 'y' }]);
    const [dest] = await run(splitOperator, { fieldToSplitOut: 'tags', options: { destinationFieldName: 'tag' } }, [items({ tags: ['x'] })]);
    assert.deepEqual(jsonOf(dest), [{ tag: 'x' }]);
  });

  it('keeps the other fields when asked, without the split field', async () => {
    const [out] = await run(splitOperator, { fieldToSplitOut: 'tags', include: 'allOtherFields' }, [items({ id: 7, tags: ['x', 'y'] })]);
    assert.deepEqual(jsonOf(out), [{ id: 7, tags: 'x' }, { id: 7, tags: 'y' }]);
    const [sel] = await run(splitOperator, { fieldToSplitOut: 'rows', include: 'selectedOtherFields', fieldsToInclude: 'id' }, [items({ id: 7, other: 1, rows: [{ a: 1 }] })]);
    // As in n8n, object elements are only spread into the item when no other fields are kept.
    assert.deepEqual(jsonOf(sel), [{ id: 7, rows: { a: 1 } }]);
  });

  it('splits several fields side by side and reaches nested fields', async () => {
    const [out] = await run(splitOperator, { fieldToSplitOut: 'a, b' }, [items({ a: [1, 2], b: ['p', 'q'] })]);
    assert.deepEqual(jsonOf(out), [{ a: 1, b: 'p' }, { a: 2, b: 'q' }]);
    const [nested] = await run(splitOperator, { fieldToSplitOut: 'data.list' }, [items({ data: { list: [{ k: 1 }] } })]);
    assert.deepEqual(jsonOf(nested), [{ k: 1 }]);
  });

  it('outputs nothing for a missing field and one item for a scalar', async () => {
    const [missing] = await run(splitOperator, { fieldToSplitOut: 'nope' }, [items({ a: 1 })]);
    assert.deepEqual(jsonOf(missing), []);
    const [scalar] = await run(splitOperator, { fieldToSplitOut: 'a' }, [items({ a: 1 })]);
    assert.deepEqual(jsonOf(scalar), [{ a: 1 }]);
  });

  it('gives no items for an empty field name, as n8n does, and says why in the log', async () => {
    const input = [items({ a: [1] })];
    const ctx = testContext(splitOperator, { fieldToSplitOut: '' }, input);
    const [out] = await splitOperator.execute(ctx, input, new AbortController().signal);
    assert.deepEqual(out, []);
    assert.match(ctx.logs[0]!, /fieldToSplitOut is empty/);
  });

  it('adds selected fields after the split values, under the name as written', async () => {
    const [out] = await run(splitOperator, { fieldToSplitOut: 'tags', include: 'selectedOtherFields', fieldsToInclude: 'meta.id, tags' }, [items({ meta: { id: 4 }, tags: ['x', 'y'] })]);
    assert.deepEqual(jsonOf(out), [{ tags: ['x', 'y'], 'meta.id': 4 }, { tags: ['x', 'y'], 'meta.id': 4 }]);
  });
});

describe('core.aggregate', () => {
  const tasks = items({ title: 'a', hours: 3, owner: 'ann' }, { title: 'b', hours: 1.5, owner: null }, { title: 'c', owner: 'ann' });

  it('collects individual fields into lists, skipping missing values, with renamed outputs', async () => {
    const [out] = await run(aggregateOperator, { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'title' }, { fieldToAggregate: 'hours', renameField: true, outputFieldName: 'effort' }, { fieldToAggregate: 'owner' }] } }, [tasks]);
    assert.deepEqual(jsonOf(out), [{ title: ['a', 'b', 'c'], effort: [3, 1.5], owner: ['ann', 'ann'] }]);
    assert.deepEqual(out![0]!.pairedItem, [{ item: 0 }, { item: 1 }, { item: 2 }]);
  });

  it('keeps missing values as null and merges lists when asked', async () => {
    const [keep] = await run(aggregateOperator, { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'hours' }] }, options: { keepMissing: true } }, [tasks]);
    assert.deepEqual(jsonOf(keep), [{ hours: [3, 1.5, null] }]);
    const [merged] = await run(aggregateOperator, { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'l' }] }, options: { mergeLists: true } }, [items({ l: [1, 2] }, { l: [3] })]);
    assert.deepEqual(jsonOf(merged), [{ l: [1, 2, 3] }]);
  });

  it('uses the last path segment as the output name for nested fields', async () => {
    const [out] = await run(aggregateOperator, { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'user.name' }] } }, [items({ user: { name: 'x' } }, { user: { name: 'y' } })]);
    assert.deepEqual(jsonOf(out), [{ name: ['x', 'y'] }]);
  });

  it('aggregates whole items into one list, with include and exclude', async () => {
    const input = [items({ a: 1, b: 2 }, { a: 3, b: 4 })];
    const [all] = await run(aggregateOperator, { aggregate: 'aggregateAllItemData' }, input);
    assert.deepEqual(jsonOf(all), [{ data: [{ a: 1, b: 2 }, { a: 3, b: 4 }] }]);
    const [some] = await run(aggregateOperator, { aggregate: 'aggregateAllItemData', destinationFieldName: 'rows', include: 'allFieldsExcept', fieldsToExclude: 'b' }, input);
    assert.deepEqual(jsonOf(some), [{ rows: [{ a: 1 }, { a: 3 }] }]);
  });

  it('keeps only listed top-level fields and drops items left empty', async () => {
    const [out] = await run(aggregateOperator, { aggregate: 'aggregateAllItemData', include: 'specifiedFields', fieldsToInclude: 'a' }, [items({ a: 1, b: 2 }, { b: 3 }, { a: 4 })]);
    assert.deepEqual(jsonOf(out), [{ data: [{ a: 1 }, { a: 4 }] }]);
    assert.deepEqual(out![0]!.pairedItem, [{ item: 0 }, { item: 2 }]);
  });

  it('writes a renamed output with a dot path as nested fields', async () => {
    const [out] = await run(aggregateOperator, { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'v', renameField: true, outputFieldName: 'stats.values' }] } }, [items({ v: 1 }, { v: 2 })]);
    assert.deepEqual(jsonOf(out), [{ stats: { values: [1, 2] } }]);
  });

  it('refuses an output field used twice', async () => {
    await assert.rejects(
      run(aggregateOperator, { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'a' }, { fieldToAggregate: 'b', renameField: true, outputFieldName: 'a' }] } }, [items({ a: 1 })]),
      /'a' is used more than once/,
    );
  });
});
