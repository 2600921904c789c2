import assert from 'node:assert/strict';
import { sortOperator } from '../../../../../src/core/operators/core/sort';
import { limitOperator } from '../../../../../src/core/operators/core/limit';
import { items, jsonOf, run } from './test-context';

const sortBy = (...fields: Array<[string, 'ascending' | 'descending']>) => ({ sortFieldsUi: { sortField: fields.map(([fieldName, order]) => ({ fieldName, order })) } });

describe('core.sort', () => {
  const players = items({ n: 'zed', s: 120 }, { n: 'amy', s: 340 }, { n: 'kai', s: 75 }, { n: 'bo', s: 340 });

  it('sorts descending by a number and keeps ties in input order', async () => {
    const [out] = await run(sortOperator, sortBy(['s', 'descending']), [players]);
    assert.deepEqual(jsonOf(out).map((j) => j['n']), ['amy', 'bo', 'zed', 'kai']);
    assert.deepEqual(out!.map((i) => i.pairedItem), [{ item: 1 }, { item: 3 }, { item: 0 }, { item: 2 }]);
  });

  it('breaks ties with later fields and compares strings case-insensitively', async () => {
    const [out] = await run(sortOperator, sortBy(['s', 'descending'], ['n', 'ascending']), [items({ n: 'bo', s: 1 }, { n: 'Amy', s: 1 }, { n: 'cy', s: 2 })]);
    assert.deepEqual(jsonOf(out).map((j) => j['n']), ['cy', 'Amy', 'bo']);
  });

  it('sorts by nested fields', async () => {
    const [out] = await run(sortOperator, sortBy(['p.age', 'ascending']), [items({ p: { age: 3 } }, { p: { age: 1 } })]);
    assert.deepEqual(jsonOf(out), [{ p: { age: 1 } }, { p: { age: 3 } }]);
  });

  it('fails when the field is in no item', async () => {
    await assert.rejects(run(sortOperator, sortBy(['score', 'ascending']), [players]), /couldn't find the field 'score'/);
  });
});

describe('core.limit', () => {
  const five = items({ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }, { i: 4 });

  it('keeps the first N items', async () => {
    const [out] = await run(limitOperator, { maxItems: 3 }, [five]);
    assert.deepEqual(jsonOf(out), [{ i: 0 }, { i: 1 }, { i: 2 }]);
  });

  it('keeps the last N items, paired with their input positions', async () => {
    const [out] = await run(limitOperator, { maxItems: 2, keep: 'lastItems' }, [five]);
    assert.deepEqual(jsonOf(out), [{ i: 3 }, { i: 4 }]);
    assert.deepEqual(out!.map((i) => i.pairedItem), [{ item: 3 }, { item: 4 }]);
  });

  it('passes everything when there are fewer items, and defaults to one', async () => {
    assert.equal((await run(limitOperator, { maxItems: 10 }, [five]))[0]!.length, 5);
    assert.equal((await run(limitOperator, {}, [five]))[0]!.length, 1);
  });
});
