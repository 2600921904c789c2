import assert from 'node:assert/strict';
import { setOperator } from '../../../../../src/core/operators/core/set';
import { OperatorError } from '../../../../../src/core/operators/operator';
import { items, jsonOf, run } from './test-context';

const assign = (...list: Array<[string, unknown, string]>) => ({ assignments: list.map(([name, value, type]) => ({ id: name, name, value, type })) }) as never;

describe('core.set', () => {
  it('converts assignment values to their declared types', async () => {
    const [out] = await run(setOperator, { assignments: assign(['n', '36', 'number'], ['b', 'true', 'boolean'], ['a', '["x", "y"]', 'array'], ['o', '{"k": 1}', 'object'], ['s', 42, 'string']) }, [items({})]);
    assert.deepEqual(jsonOf(out), [{ n: 36, b: true, a: ['x', 'y'], o: { k: 1 }, s: '42' }]);
  });

  it('accepts single-quoted arrays and numeric booleans as n8n does', async () => {
    const [out] = await run(setOperator, { assignments: assign(['a', "['p', 'q']", 'array'], ['b', 0, 'boolean']) }, [items({})]);
    assert.deepEqual(jsonOf(out), [{ a: ['p', 'q'], b: false }]);
  });

  it('evaluates expressions per item and keeps other fields when asked', async () => {
    const [out] = await run(setOperator, { includeOtherFields: true, assignments: assign(['sum', '={{ $json.a + $json.b }}', 'number'], ['label', '=item {{ $json.a }}', 'string']) }, [items({ a: 1, b: 2 }, { a: 5, b: 5 })]);
    assert.deepEqual(jsonOf(out), [
      { a: 1, b: 2, sum: 3, label: 'item 1' },
      { a: 5, b: 5, sum: 10, label: 'item 5' },
    ]);
    assert.deepEqual(out!.map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }]);
  });

  it('replaces the item by default, and writes dot paths as nested fields', async () => {
    const [out] = await run(setOperator, { assignments: assign(['user.name', 'ada', 'string']) }, [items({ keep: 1 })]);
    assert.deepEqual(jsonOf(out), [{ user: { name: 'ada' } }]);
    const [flat] = await run(setOperator, { assignments: assign(['user.name', 'ada', 'string']), options: { dotNotation: false } }, [items({})]);
    assert.deepEqual(jsonOf(flat), [{ 'user.name': 'ada' }]);
  });

  it('includes only selected fields, or all except some', async () => {
    const input = [items({ a: 1, b: { c: 2 }, d: 3 })];
    const [sel] = await run(setOperator, { includeOtherFields: true, include: 'selected', includeFields: 'a, b.c', assignments: assign(['x', 1, 'number']) }, input);
    // As n8n: a selected nested field lands under its last name.
    assert.deepEqual(jsonOf(sel), [{ a: 1, c: 2, x: 1 }]);
    const [exc] = await run(setOperator, { includeOtherFields: true, include: 'except', excludeFields: 'a,b', assignments: assign(['x', 1, 'number']) }, input);
    assert.deepEqual(jsonOf(exc), [{ d: 3, x: 1 }]);
  });

  it('fails on a value that cannot take its type, naming the field and item', async () => {
    await assert.rejects(run(setOperator, { assignments: assign(['age', 'old', 'number']) }, [items({}, {})]), (e: unknown) => {
      assert.ok(e instanceof OperatorError);
      assert.equal(e.code, 'TypeConversion');
      assert.match(e.message, /'age' expects a number but we got 'old' \[item 0\]/);
      return true;
    });
    await assert.rejects(run(setOperator, { assignments: assign(['list', 'nope', 'array']) }, [items({})]), /'list' expects an array/);
  });

  it('keeps the raw value when conversion errors are ignored', async () => {
    const [out] = await run(setOperator, { assignments: assign(['age', 'old', 'number']), options: { ignoreConversionErrors: true } }, [items({})]);
    assert.deepEqual(jsonOf(out), [{ age: 'old' }]);
  });

  it('sets null for a missing value whatever the declared type', async () => {
    const [out] = await run(setOperator, { assignments: assign(['s', '={{ $json.nope }}', 'string'], ['n', '={{ $json.nope }}', 'number']) }, [items({})]);
    assert.deepEqual(jsonOf(out), [{ s: null, n: null }]);
  });

  it('parses JavaScript object notation for object fields', async () => {
    const [out] = await run(setOperator, { assignments: assign(['o', "{ a: 1, b: 'x', }", 'object']) }, [items({})]);
    assert.deepEqual(jsonOf(out), [{ o: { a: 1, b: 'x' } }]);
  });

  it('writes objects into JSON mode text as JSON', async () => {
    const [out] = await run(setOperator, { mode: 'raw', jsonOutput: '={ "user": {{ $json.user }}, "n": {{ $json.user.age + 1 }} }' }, [items({ user: { name: 'ada', age: 36 } })]);
    assert.deepEqual(jsonOf(out), [{ user: { name: 'ada', age: 36 }, n: 37 }]);
  });

  it('turns objects into JSON text for string fields', async () => {
    const [out] = await run(setOperator, { assignments: assign(['s', '={{ $json.o }}', 'string']) }, [items({ o: { k: [1] } })]);
    assert.deepEqual(jsonOf(out), [{ s: '{"k":[1]}' }]);
  });

  it('sets plain fields without conversion and supports JSON mode', async () => {
    const [plain] = await run(setOperator, { fields: { text: '={{ $json.t.toUpperCase() }}', n: 1 } }, [items({ t: 'hi' })]);
    assert.deepEqual(jsonOf(plain), [{ text: 'HI', n: 1 }]);
    const [raw] = await run(setOperator, { mode: 'raw', jsonOutput: '={ "double": {{ $json.v * 2 }} }' }, [items({ v: 4 })]);
    assert.deepEqual(jsonOf(raw), [{ double: 8 }]);
  });
});
