import assert from 'node:assert/strict';
import { filterOperator, ifOperator } from '../../../../../src/core/operators/core/if';
import { switchOperator } from '../../../../../src/core/operators/core/switch';
import type { JsonObject } from '../../../../../src/core/operators/operator';
import { items, jsonOf, run } from './test-context';

const filter = (combinator: 'and' | 'or', ...conditions: Array<[unknown, string, string, unknown?]>): JsonObject =>
  ({
    options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
    conditions: conditions.map(([leftValue, type, operation, rightValue], i) => ({ id: String(i), leftValue, rightValue, operator: { type, operation } })),
    combinator,
  }) as JsonObject;

const scores = items({ s: 'Ana', score: 71 }, { s: 'Ben', score: 49 }, { s: 'Chen', score: 50 }, { s: 'Dana', score: 88 });

describe('core.if', () => {
  it('routes items to true and false, paired with their input', async () => {
    const [yes, no] = await run(ifOperator, { conditions: filter('and', ['={{ $json.score }}', 'number', 'gt', 50]) }, [scores]);
    assert.deepEqual(jsonOf(yes).map((j) => j['s']), ['Ana', 'Dana']);
    assert.deepEqual(jsonOf(no).map((j) => j['s']), ['Ben', 'Chen']);
    assert.deepEqual(yes!.map((i) => i.pairedItem), [{ item: 0 }, { item: 3 }]);
  });

  it('combines conditions with or', async () => {
    const [yes] = await run(ifOperator, { conditions: filter('or', ['={{ $json.score }}', 'number', 'lt', 50], ['={{ $json.s }}', 'string', 'equals', 'Dana']) }, [scores]);
    assert.deepEqual(jsonOf(yes).map((j) => j['s']), ['Ben', 'Dana']);
  });

  it('fails on a wrong type under strict validation and converts when the condition set is loose', async () => {
    const conditions = filter('and', ['={{ $json.v }}', 'number', 'gt', 1]);
    await assert.rejects(run(ifOperator, { conditions }, [items({ v: '5' })]));
    const loose = { ...conditions, options: { ...(conditions['options'] as JsonObject), typeValidation: 'loose' } };
    assert.equal((await run(ifOperator, { conditions: loose }, [items({ v: '5' })]))[0]!.length, 1);
  });

  it('ignores case when the condition set says so; the node form setting alone does not, as in n8n', async () => {
    const conditions = filter('and', ['={{ $json.c }}', 'string', 'equals', 'berlin']);
    assert.equal((await run(ifOperator, { conditions, options: { ignoreCase: true } }, [items({ c: 'Berlin' })]))[0]!.length, 0);
    const insensitive = { ...conditions, options: { ...(conditions['options'] as JsonObject), caseSensitive: false } };
    assert.equal((await run(ifOperator, { conditions: insensitive }, [items({ c: 'Berlin' })]))[0]!.length, 1);
  });
});

describe('core.filter', () => {
  it('keeps items passing every condition', async () => {
    const people = items({ age: 34, city: 'Berlin' }, { age: 27, city: 'Paris' }, { age: 41, city: 'Bern' }, { age: 30, city: 'Oslo' });
    const [kept] = await run(filterOperator, { conditions: filter('and', ['={{ $json.age }}', 'number', 'gte', 30], ['={{ $json.city }}', 'string', 'startsWith', 'Ber']) }, [people]);
    assert.deepEqual(jsonOf(kept), [{ age: 34, city: 'Berlin' }, { age: 41, city: 'Bern' }]);
    assert.deepEqual(kept!.map((i) => i.pairedItem), [{ item: 0 }, { item: 2 }]);
  });
});

describe('core.switch', () => {
  const rule = (value: string, outputKey?: string) => ({ conditions: filter('and', ['={{ $json.status }}', 'string', 'equals', value]), ...(outputKey ? { renameOutput: true, outputKey } : {}) });
  const orders = items({ id: 1, status: 'new' }, { id: 2, status: 'shipped' }, { id: 3, status: 'new' }, { id: 4, status: 'lost' });

  it('sends each item to its first matching rule; unmatched items are dropped', async () => {
    const out = await run(switchOperator, { rules: { values: [rule('new', 'New'), rule('shipped'), rule('returned')] } }, [orders]);
    assert.deepEqual(out.map((port) => jsonOf(port).map((j) => j['id'])), [[1, 3], [2], []]);
  });

  it('sends unmatched items to an extra fallback output, or to a chosen one', async () => {
    const extra = await run(switchOperator, { rules: { values: [rule('new'), rule('shipped')] }, options: { fallbackOutput: 'extra' } }, [orders]);
    assert.deepEqual(extra.map((port) => jsonOf(port).map((j) => j['id'])), [[1, 3], [2], [4]]);
    const chosen = await run(switchOperator, { rules: { values: [rule('new'), rule('shipped')] }, options: { fallbackOutput: 0 } }, [orders]);
    assert.deepEqual(chosen.map((port) => jsonOf(port).map((j) => j['id'])), [[1, 3, 4], [2]]);
  });

  it('sends an item to every matching rule when asked', async () => {
    const out = await run(switchOperator, { rules: { values: [rule('new'), rule('new')] }, options: { allMatchingOutputs: true } }, [orders]);
    assert.deepEqual(out.map((port) => jsonOf(port).map((j) => j['id'])), [[1, 3], [1, 3]]);
  });

  it('routes by an output expression, and rejects an index out of range', async () => {
    const out = await run(switchOperator, { mode: 'expression', numberOutputs: 2, output: '={{ $json.id % 2 }}' }, [orders]);
    assert.deepEqual(out.map((port) => jsonOf(port).map((j) => j['id'])), [[2, 4], [1, 3]]);
    await assert.rejects(run(switchOperator, { mode: 'expression', numberOutputs: 2, output: '={{ 5 }}' }, [orders]), /between 0 and 1/);
  });

  it('declares one output per rule, named by renamed output keys, plus the fallback', () => {
    const ports = switchOperator.outputsFor({ rules: { values: [rule('a', 'A'), rule('b')] }, options: { fallbackOutput: 'extra' } } as never);
    assert.deepEqual(ports.map((p) => [p.name, p.displayName]), [['0', 'A'], ['1', '1'], ['2', 'Fallback']]);
    assert.equal(switchOperator.outputsFor({ mode: 'expression', numberOutputs: 3 }).length, 3);
  });
});
