import assert from 'node:assert/strict';
import { mergeOperator } from '../../../../../src/core/operators/core/merge';
import { items, jsonOf, run } from './test-context';

const customers = items({ customerId: 1, name: 'Acme' }, { customerId: 2, name: 'Globex' }, { customerId: 3, name: 'Initech' });
const invoices = items({ customerId: 2, invoice: 'INV-7', amount: 250 }, { customerId: 1, invoice: 'INV-8', amount: 90 }, { customerId: 4, invoice: 'INV-9', amount: 10 });
const byKey = { mode: 'combine', fieldsToMatchString: 'customerId' };

describe('core.merge', () => {
  it('appends input 1 then input 2, pairing items with their input', async () => {
    const [out] = await run(mergeOperator, {}, [items({ a: 1 }, { a: 2 }), items({ b: 1 })]);
    assert.deepEqual(jsonOf(out), [{ a: 1 }, { a: 2 }, { b: 1 }]);
    assert.deepEqual(out!.map((i) => i.pairedItem), [{ item: 0, input: 0 }, { item: 1, input: 0 }, { item: 0, input: 1 }]);
  });

  it('appends with one input empty or missing', async () => {
    const [out] = await run(mergeOperator, {}, [items({ a: 1 })]);
    assert.deepEqual(jsonOf(out), [{ a: 1 }]);
  });

  it('combines by matching fields in input-1 order, keeping matches', async () => {
    const [out] = await run(mergeOperator, byKey, [customers, invoices]);
    assert.deepEqual(jsonOf(out), [
      { customerId: 1, name: 'Acme', invoice: 'INV-8', amount: 90 },
      { customerId: 2, name: 'Globex', invoice: 'INV-7', amount: 250 },
    ]);
    assert.deepEqual(out![0]!.pairedItem, [{ item: 0, input: 0 }, { item: 1, input: 1 }]);
  });

  it('supports the other join modes', async () => {
    const nonMatches = await run(mergeOperator, { ...byKey, joinMode: 'keepNonMatches' }, [customers, invoices]);
    assert.deepEqual(jsonOf(nonMatches[0]), [{ customerId: 3, name: 'Initech', _source: 'input1' }, { customerId: 4, invoice: 'INV-9', amount: 10, _source: 'input2' }]);
    const everything = await run(mergeOperator, { ...byKey, joinMode: 'keepEverything' }, [customers, invoices]);
    assert.equal(everything[0]!.length, 4);
    const enrich1 = await run(mergeOperator, { ...byKey, joinMode: 'enrichInput1' }, [customers, invoices]);
    assert.deepEqual(jsonOf(enrich1[0]).map((j) => j['name']), ['Acme', 'Globex', 'Initech']);
    // As n8n: enriching input 2 lists the matches in input-1 order, then input 2's unmatched items.
    const enrich2 = await run(mergeOperator, { ...byKey, joinMode: 'enrichInput2' }, [customers, invoices]);
    assert.deepEqual(jsonOf(enrich2[0]), [
      { customerId: 1, invoice: 'INV-8', amount: 90, name: 'Acme' },
      { customerId: 2, invoice: 'INV-7', amount: 250, name: 'Globex' },
      { customerId: 4, invoice: 'INV-9', amount: 10 },
    ]);
    const only1 = await run(mergeOperator, { ...byKey, outputDataFrom: 'input1' }, [customers, invoices]);
    assert.deepEqual(jsonOf(only1[0]), [{ customerId: 1, name: 'Acme' }, { customerId: 2, name: 'Globex' }]);
  });

  it('resolves clashes: input 2 wins by default, input 1 or suffixes on request', async () => {
    const a = items({ k: 1, v: 'one', deep: { x: 1 } });
    const b = items({ k: 1, v: 'two', deep: { y: 2 } });
    const [last] = await run(mergeOperator, { mode: 'combine', fieldsToMatchString: 'k' }, [a, b]);
    assert.deepEqual(jsonOf(last), [{ k: 1, v: 'two', deep: { x: 1, y: 2 } }]);
    const [first] = await run(mergeOperator, { mode: 'combine', fieldsToMatchString: 'k', options: { clashHandling: { values: { resolveClash: 'preferInput1' } } } }, [a, b]);
    assert.deepEqual(jsonOf(first), [{ k: 1, v: 'one', deep: { x: 1, y: 2 } }]);
    const [suffix] = await run(mergeOperator, { mode: 'combine', fieldsToMatchString: 'k', options: { clashHandling: { values: { resolveClash: 'addSuffix' } } } }, [a, b]);
    assert.deepEqual(jsonOf(suffix), [{ k_1: 1, v_1: 'one', deep_1: { x: 1 }, k_2: 1, v_2: 'two', deep_2: { y: 2 } }]);
  });

  it('matches differently named fields and compares fuzzily when asked', async () => {
    const [out] = await run(mergeOperator, { mode: 'combine', advanced: true, mergeByFields: { values: [{ field1: 'id', field2: 'ref' }] }, options: { fuzzyCompare: true } }, [items({ id: 1 }), items({ ref: '1', x: true })]);
    assert.deepEqual(jsonOf(out), [{ id: 1, ref: '1', x: true }]);
  });

  it('combines by position and builds all combinations', async () => {
    const [pos] = await run(mergeOperator, { mode: 'combine', combineBy: 'combineByPosition' }, [items({ a: 1 }, { a: 2 }), items({ b: 1 })]);
    assert.deepEqual(jsonOf(pos), [{ a: 1, b: 1 }]);
    const [unpaired] = await run(mergeOperator, { mode: 'combine', combineBy: 'combineByPosition', options: { includeUnpaired: true } }, [items({ a: 1 }, { a: 2 }), items({ b: 1 })]);
    assert.deepEqual(jsonOf(unpaired), [{ a: 1, b: 1 }, { a: 2 }]);
    const [all] = await run(mergeOperator, { mode: 'combine', combineBy: 'combineAll' }, [items({ a: 1 }, { a: 2 }), items({ b: 1 }, { b: 2 })]);
    assert.equal(all!.length, 4);
  });

  it('chooses a branch after waiting for all inputs', async () => {
    const [second] = await run(mergeOperator, { mode: 'chooseBranch', useDataOfInput: 2 }, [items({ a: 1 }), items({ b: 1 })]);
    assert.deepEqual(jsonOf(second), [{ b: 1 }]);
    const [empty] = await run(mergeOperator, { mode: 'wait-all', output: 'empty' }, [items({ a: 1 }), items({ b: 1 })]);
    assert.deepEqual(jsonOf(empty), [{}]);
  });

  it('has as many inputs as numberInputs says', () => {
    assert.deepEqual(mergeOperator.inputsFor({ numberInputs: 3 }).map((p) => p.name), ['input1', 'input2', 'input3']);
    assert.deepEqual(mergeOperator.inputsFor({}).map((p) => p.name), ['input1', 'input2']);
  });

  it('keeps the non-empty input when one side is empty, unless only matches count', async () => {
    assert.deepEqual(jsonOf((await run(mergeOperator, byKey, [customers, []]))[0]), []);
    assert.equal((await run(mergeOperator, { ...byKey, joinMode: 'keepEverything' }, [customers, []]))[0]!.length, 3);
  });

  it('outputs one merged item per matching pair, and groups matches when only input 1 is kept', async () => {
    const left = items({ k: 1, a: 'x' });
    const right = items({ k: 1, b: 'p' }, { k: 1, b: 'q' });
    assert.deepEqual(jsonOf((await run(mergeOperator, { mode: 'combine', fieldsToMatchString: 'k' }, [left, right]))[0]), [{ k: 1, a: 'x', b: 'p' }, { k: 1, a: 'x', b: 'q' }]);
    assert.deepEqual(jsonOf((await run(mergeOperator, { mode: 'combine', fieldsToMatchString: 'k', outputDataFrom: 'input1' }, [left, right]))[0]), [{ k: 1, a: 'x' }]);
  });

  it('lets input 1 win clashes when enriching input 2 unless told otherwise', async () => {
    const [out] = await run(mergeOperator, { mode: 'combine', fieldsToMatchString: 'k', joinMode: 'enrichInput2' }, [items({ k: 1, v: 'one' }), items({ k: 1, v: 'two' })]);
    assert.deepEqual(jsonOf(out), [{ k: 1, v: 'one' }]);
  });

  it('lets input 1 win and loop outermost-second in all combinations when preferred', async () => {
    const [out] = await run(mergeOperator, { mode: 'combine', combineBy: 'combineAll', options: { clashHandling: { values: { resolveClash: 'preferInput1' } } } }, [items({ v: 'a' }, { v: 'b' }), items({ v: 'x', w: 1 }, { v: 'y', w: 2 })]);
    assert.deepEqual(jsonOf(out), [{ v: 'a', w: 1 }, { v: 'b', w: 1 }, { v: 'a', w: 2 }, { v: 'b', w: 2 }]);
  });

  it('names a blank side of a field pair', async () => {
    await assert.rejects(run(mergeOperator, { mode: 'combine', advanced: true, mergeByFields: { values: [{ field1: 'id', field2: '' }] } }, [customers, invoices]), /pair 1 .* has a blank side/);
  });

  it('asks for fields to match when none are given', async () => {
    await assert.rejects(run(mergeOperator, { mode: 'combine' }, [customers, invoices]), /no fields to match/);
  });
});
