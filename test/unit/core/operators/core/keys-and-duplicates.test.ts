import assert from 'node:assert/strict';
import { renameKeysOperator } from '../../../../../src/core/operators/core/rename-keys';
import { removeDuplicatesOperator } from '../../../../../src/core/operators/core/remove-duplicates';
import { items, jsonOf, run } from './test-context';

describe('core.rename-keys', () => {
  it('renames keys, including nested ones, and leaves missing keys alone', async () => {
    const [out] = await run(renameKeysOperator, { keys: { key: [{ currentKey: 'a', newKey: 'b' }, { currentKey: 'x.y', newKey: 'z' }, { currentKey: 'nope', newKey: 'q' }] } }, [items({ a: 1, x: { y: 2, w: 3 } })]);
    assert.deepEqual(jsonOf(out), [{ b: 1, x: { w: 3 }, z: 2 }]);
  });

  it('renames by regular expression at every depth, or to a limited depth', async () => {
    const regex = (depth: number) => ({ additionalOptions: { regexReplacement: { replacements: [{ searchRegex: '^old_', replaceRegex: 'new_', options: { depth } }] } } });
    const input = [items({ old_a: 1, inner: { old_b: 2 } })];
    assert.deepEqual(jsonOf((await run(renameKeysOperator, regex(-1), input))[0]), [{ new_a: 1, inner: { new_b: 2 } }]);
    assert.deepEqual(jsonOf((await run(renameKeysOperator, regex(0), input))[0]), [{ new_a: 1, inner: { old_b: 2 } }]);
  });

  it('reports an invalid regular expression', async () => {
    await assert.rejects(run(renameKeysOperator, { additionalOptions: { regexReplacement: { replacements: [{ searchRegex: '(' }] } } }, [items({})]), /not a valid regular expression/);
  });
});

describe('core.remove-duplicates', () => {
  const rows = items({ id: 1, v: 'a' }, { id: 2, v: 'b' }, { id: 1, v: 'a' }, { id: 1, v: 'c' });

  it('drops items equal on all fields, keeping the first and the order', async () => {
    const [out] = await run(removeDuplicatesOperator, {}, [rows]);
    assert.deepEqual(jsonOf(out), [{ id: 1, v: 'a' }, { id: 2, v: 'b' }, { id: 1, v: 'c' }]);
    assert.deepEqual(out!.map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }, { item: 3 }]);
  });

  it('compares selected fields or all but some', async () => {
    assert.deepEqual(jsonOf((await run(removeDuplicatesOperator, { compare: 'selectedFields', fieldsToCompare: 'id' }, [rows]))[0]), [{ id: 1, v: 'a' }, { id: 2, v: 'b' }]);
    assert.deepEqual(jsonOf((await run(removeDuplicatesOperator, { compare: 'allFieldsExcept', fieldsToExclude: 'id' }, [rows]))[0]), [{ id: 1, v: 'a' }, { id: 2, v: 'b' }, { id: 1, v: 'c' }]);
  });

  it('compares nested values by content', async () => {
    const [out] = await run(removeDuplicatesOperator, {}, [items({ o: { a: 1, b: 2 } }, { o: { b: 2, a: 1 } })]);
    assert.equal(out!.length, 1);
  });

  it('needs every compared field in every item, with one type, as n8n does', async () => {
    await assert.rejects(run(removeDuplicatesOperator, { compare: 'selectedFields', fieldsToCompare: 'idd' }, [rows]), /'idd' field is missing from some input items/);
    await assert.rejects(run(removeDuplicatesOperator, {}, [items({ a: 1 }, { a: 1, b: 2 })]), /'b' field is missing/);
    await assert.rejects(run(removeDuplicatesOperator, {}, [items({ a: 1 }, { a: '1' })]), /'a' isn't always the same type/);
    await assert.rejects(run(removeDuplicatesOperator, {}, [items({ o: { a: 1 } }, { o: { b: 1 } })]), /'o\.a' field is missing/);
  });

  it('lets null stand in for any type', async () => {
    const [out] = await run(removeDuplicatesOperator, {}, [items({ a: 1 }, { a: null }, { a: 1 })]);
    assert.deepEqual(jsonOf(out), [{ a: 1 }, { a: null }]);
  });
});
