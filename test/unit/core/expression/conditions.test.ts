import assert from 'node:assert/strict';
import { evaluateConditions, ExpressionError, validateConditions, type FilterValue } from '../../../../src/core/expression';
import type { JsonValue } from '../../../../src/core/operators/operator';
import { scopeOf } from './make-scope';

const WHERE = { nodeId: 'if', parameter: 'conditions' };

function condition(type: string, operation: string, leftValue: JsonValue, rightValue?: JsonValue, options: FilterValue['options'] = {}): FilterValue {
  return {
    options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2, ...options },
    conditions: [{ id: 'c1', leftValue, rightValue, operator: { type, operation } }],
    combinator: 'and',
  };
}

const check = (filter: FilterValue, json: Record<string, JsonValue> = {}) => evaluateConditions(filter, scopeOf(json as never), WHERE);

describe('condition engine (n8n filter parameter)', () => {
  describe('string operations', () => {
    const cases: Array<[string, JsonValue, JsonValue, boolean]> = [
      ['equals', 'abc', 'abc', true],
      ['equals', 'abc', 'ABC', false],
      ['notEquals', 'abc', 'abd', true],
      ['contains', 'hello world', 'lo w', true],
      ['notContains', 'hello', 'z', true],
      ['startsWith', 'Berlin', 'Ber', true],
      ['notStartsWith', 'Paris', 'Ber', true],
      ['endsWith', 'Bergen', 'gen', true],
      ['notEndsWith', 'Bergen', 'lin', true],
      ['regex', 'order-123', '^order-\\d+$', true],
      ['regex', 'ORDER-1', '/order/i', true],
      ['notRegex', 'abc', '\\d', true],
      ['empty', '', null, true],
      ['notEmpty', 'x', null, true],
      ['exists', 'x', null, true],
      ['notExists', null, null, true],
    ];
    for (const [op, left, right, expected] of cases) {
      it(`${JSON.stringify(left)} ${op} ${JSON.stringify(right)} → ${expected}`, () => assert.equal(check(condition('string', op, left, right)), expected));
    }
    it('ignores case when caseSensitive is false (regex too)', () => {
      assert.equal(check(condition('string', 'equals', 'ABC', 'abc', { caseSensitive: false })), true);
      assert.equal(check(condition('string', 'contains', 'Hello', 'HELL', { caseSensitive: false })), true);
      assert.equal(check(condition('string', 'regex', 'ABC', '^abc$', { caseSensitive: false })), true);
      assert.equal(evaluateConditions(condition('string', 'equals', 'ABC', 'abc'), scopeOf({}), WHERE, { ignoreCase: true }), true);
    });
  });

  describe('number operations', () => {
    const cases: Array<[string, JsonValue, JsonValue, boolean]> = [
      ['equals', 5, 5, true], ['notEquals', 5, 6, true], ['gt', 51, 50, true], ['gt', 50, 50, false], ['gte', 50, 50, true],
      ['lt', 49, 50, true], ['lte', 50, 50, true], ['empty', null, null, true], ['notEmpty', 0, null, true], ['exists', 0, null, true],
    ];
    for (const [op, left, right, expected] of cases) {
      it(`${JSON.stringify(left)} ${op} ${JSON.stringify(right)} → ${expected}`, () => assert.equal(check(condition('number', op, left, right)), expected));
    }
    it('evaluates expressions on both sides for the current item', () => {
      const filter = condition('number', 'gt', '={{ $json.score }}', '={{ $json.limit - 1 }}');
      assert.equal(check(filter, { score: 50, limit: 50 }), true);
      assert.equal(check(filter, { score: 48, limit: 50 }), false);
    });
  });

  describe('type validation', () => {
    it('strict: a string where a number is expected is an error naming node, condition and item', () => {
      assert.throws(
        () => check(condition('number', 'gt', '={{ $json.score }}', 50), { score: '71' }),
        (e: unknown) => e instanceof ExpressionError && e.nodeId === 'if' && e.parameter === 'conditions.conditions[0]' && /wrong type: '71' is a string but number was expected/.test(e.message) && /item 0/.test(e.message),
      );
    });
    it('loose: converts text to numbers and booleans', () => {
      assert.equal(check(condition('number', 'gt', '={{ $json.score }}', '50', { typeValidation: 'loose' }), { score: '71' }), true);
      assert.equal(evaluateConditions(condition('number', 'gt', '71', 50), scopeOf({}), WHERE, { looseTypeValidation: true }), true);
      assert.equal(check(condition('boolean', 'true', 'true', null, { typeValidation: 'loose' })), true);
      assert.equal(check(condition('boolean', 'false', '0', null, { typeValidation: 'loose' })), true);
      assert.equal(check(condition('boolean', 'true', 'yes', null, { typeValidation: 'loose' })), true, 'v2 falls back to Boolean()');
      assert.equal(check(condition('string', 'equals', 5, '5', { typeValidation: 'loose' })), true);
      assert.throws(() => check(condition('number', 'gt', 'abc', 5, { typeValidation: 'loose' })), /cannot be converted to number/);
    });
    it('treats empty text as no number from version 3', () => {
      assert.equal(check(condition('number', 'empty', '', null, { typeValidation: 'loose', version: 3 })), true);
    });
    it('always parses dates from text', () => {
      assert.equal(check(condition('dateTime', 'after', '2024-05-02', '2024-05-01T23:00:00Z')), true);
      assert.equal(check(condition('dateTime', 'before', '={{ $now }}', '2030-01-01')), true);
      assert.equal(check(condition('dateTime', 'equals', '2024-05-01T02:00:00+02:00', '2024-05-01T00:00:00Z')), true);
      assert.equal(check(condition('dateTime', 'afterOrEquals', '2024-05-01', '2024-05-01')), true);
      assert.throws(() => check(condition('dateTime', 'after', 'not a date', '2024-05-01')), /dateTime was expected/);
    });
  });

  describe('boolean, array and object operations', () => {
    it('booleans', () => {
      assert.equal(check(condition('boolean', 'true', '={{ $json.ok }}'), { ok: true }), true);
      assert.equal(check(condition('boolean', 'false', '={{ $json.ok }}'), { ok: true }), false);
      assert.equal(check(condition('boolean', 'equals', true, true)), true);
      assert.equal(check(condition('boolean', 'notEquals', true, false)), true);
    });
    it('arrays', () => {
      const tags = { tags: ['Navy', 'cobol'] };
      assert.equal(check(condition('array', 'contains', '={{ $json.tags }}', 'cobol'), tags), true);
      assert.equal(check(condition('array', 'contains', '={{ $json.tags }}', 'navy'), tags), false);
      assert.equal(check(condition('array', 'contains', '={{ $json.tags }}', 'navy', { caseSensitive: false }), tags), true);
      assert.equal(check(condition('array', 'notContains', '={{ $json.tags }}', 'x'), tags), true);
      assert.equal(check(condition('array', 'lengthEquals', '={{ $json.tags }}', 2), tags), true);
      assert.equal(check(condition('array', 'lengthGt', '={{ $json.tags }}', 1), tags), true);
      assert.equal(check(condition('array', 'lengthLte', '={{ $json.tags }}', 1), tags), false);
      assert.equal(check(condition('array', 'empty', '={{ [] }}')), true);
      assert.equal(check(condition('array', 'notEmpty', '[1]', null, { typeValidation: 'loose' })), true);
    });
    it('objects', () => {
      assert.equal(check(condition('object', 'empty', '={{ {} }}')), true);
      assert.equal(check(condition('object', 'notEmpty', '={{ $json }}'), { a: 1 }), true);
      assert.equal(check(condition('object', 'exists', '={{ $json.missing }}')), false);
    });
  });

  it('combines with and / or', () => {
    const both: FilterValue = {
      options: { caseSensitive: true, typeValidation: 'strict', version: 2 },
      conditions: [
        { leftValue: '={{ $json.age }}', rightValue: 30, operator: { type: 'number', operation: 'gte' } },
        { leftValue: '={{ $json.city }}', rightValue: 'Ber', operator: { type: 'string', operation: 'startsWith' } },
      ],
      combinator: 'and',
    };
    assert.equal(check(both, { age: 34, city: 'Berlin' }), true);
    assert.equal(check(both, { age: 30, city: 'Oslo' }), false);
    assert.equal(check({ ...both, combinator: 'or' }, { age: 30, city: 'Oslo' }), true);
    assert.equal(check({ ...both, conditions: [] }), true);
  });

  it('reports unknown operators with a suggestion', () => {
    assert.throws(() => check(condition('number', 'greaterThan', 1, 2)), /'greaterThan' is not an operation for number values/);
    assert.throws(() => check(condition('string', 'startWith', 'a', 'a')), /did you mean 'startsWith'\?/);
    assert.throws(() => check(condition('text', 'equals', 'a', 'a')), /'text' is not a condition type/);
    assert.throws(() => evaluateConditions('nope', scopeOf({}), WHERE), /expected conditions as/);
  });

  it('validates a filter parameter without evaluating it', () => {
    const diagnostics = validateConditions({ combinator: 'xor', conditions: [{ operator: { type: 'string', operation: 'startWith' } }, { operator: { type: 'nmber', operation: 'gt' } }] });
    assert.deepEqual(diagnostics.map((d) => [d.code, d.path, d.fix]), [
      ['InvalidCombinator', 'conditions.combinator', 'use "and" or "or"'],
      ['UnknownConditionOperation', 'conditions.conditions[0].operator.operation', "did you mean 'startsWith'?"],
      ['UnknownConditionType', 'conditions.conditions[1].operator.type', "did you mean 'number'?"],
    ]);
    assert.deepEqual(validateConditions(condition('number', 'gt', 1, 2)), []);
  });
});
