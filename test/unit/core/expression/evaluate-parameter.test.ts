import assert from 'node:assert/strict';
import { evaluateParameter, evaluateTemplate, ExpressionError, isExpression } from '../../../../src/core/expression';
import { scopeOf, WHERE } from './make-scope';

const json = { a: 7, b: 5, name: 'Ada', tags: ['x', 'y'], obj: { k: 1 }, n: null, zero: 0, no: false, empty: '' };
const evaluate = (value: Parameters<typeof evaluateParameter>[0]) => evaluateParameter(value, scopeOf(json), WHERE);

function failsAt(text: string, position: number, message: RegExp) {
  assert.throws(
    () => evaluateParameter(text, scopeOf(json), { nodeId: 'fetch', parameter: 'fields.url' }, { strict: true }),
    (e: unknown) => {
      assert.ok(e instanceof ExpressionError, String(e));
      assert.equal(e.nodeId, 'fetch');
      assert.equal(e.parameter, 'fields.url');
      assert.equal(e.position, position, e.message);
      assert.equal(e.expression, text);
      assert.match(e.message, message);
      assert.match(e.message, /node "fetch", parameter "fields\.url" at position/);
      return true;
    },
  );
}

describe('evaluateParameter', () => {
  it('recognises expressions by the leading =', () => {
    assert.equal(isExpression('={{ 1 }}'), true);
    assert.equal(isExpression('=plain'), true);
    assert.equal(isExpression('{{ 1 }}'), false);
    assert.equal(isExpression(3), false);
    assert.equal(evaluate('{{ $json.a }}'), '{{ $json.a }}');
    assert.equal(evaluate('a = b'), 'a = b');
  });

  it('keeps the type when the whole string is one {{ }}', () => {
    assert.equal(evaluate('={{ $json.a + $json.b }}'), 12);
    assert.equal(evaluate('={{$json.a}}'), 7);
    assert.deepEqual(evaluate('={{ $json.tags }}'), ['x', 'y']);
    assert.deepEqual(evaluate('={{ $json.obj }}'), { k: 1 });
    assert.equal(evaluate('={{ $json.a > 5 }}'), true);
    assert.equal(evaluate('={{ $json.n }}'), null);
    assert.equal(evaluate('={{\n  $json.name\n}}'), 'Ada');
  });

  it('joins text and several {{ }} parts into a string, as n8n does', () => {
    assert.equal(evaluate('=Hi {{ $json.name }}, {{ $json.a }}!'), 'Hi Ada, 7!');
    assert.equal(evaluate('={{ $json.a }}{{ $json.b }}'), '75');
    assert.equal(evaluate('=[{{ $json.tags }}] {{ $json.obj }}'), '[x,y] [object Object]');
    assert.equal(evaluate('={{ $json.n }}|{{ $json.missing }}|{{ $json.zero }}|{{ $json.no }}|{{ $json.empty }}|{{ 0 / 0 }}'), '||0|false||');
    assert.equal(evaluate('=no braces at all'), 'no braces at all');
    assert.equal(evaluate('='), '');
  });

  it('treats text around a single {{ }} as a string result (n8n keeps whitespace)', () => {
    assert.equal(evaluate('= {{ $json.a }}'), ' 7');
    assert.equal(evaluate('={{ $json.a }}\n'), '7\n');
  });

  it('finds the end of {{ }} past braces inside strings and object literals', () => {
    assert.deepEqual(evaluate('={{ { a: { b: 1 } } }}'), { a: { b: 1 } });
    assert.equal(evaluate('={{ "}}" + $json.name }}'), '}}Ada');
    assert.equal(evaluate('=x{{ `${$json.a}}}` }}y'), 'x7}}y');
  });

  it('walks objects and arrays, naming nested parameters in errors', () => {
    assert.deepEqual(evaluate({ url: '=https://x/{{ $json.name }}', n: 1, list: ['={{ $json.a * 2 }}', 'plain', true, null] }), {
      url: 'https://x/Ada',
      n: 1,
      list: [14, 'plain', true, null],
    });
    assert.throws(
      () => evaluateParameter({ headers: [{ value: '={{ nope }}' }] }, scopeOf(json), { nodeId: 'h', parameter: 'options' }),
      (e: unknown) => e instanceof ExpressionError && e.parameter === 'options.headers[0].value' && e.position === 4,
    );
  });

  it('turns results into JSON data', () => {
    assert.equal(evaluate('={{ $now }}'), '2024-03-15T10:20:30.000Z');
    assert.equal(evaluate("={{ new Date('2020-01-01T00:00:00Z') }}"), '2020-01-01T00:00:00.000Z');
    assert.deepEqual(evaluate('={{ { a: undefined, b: [undefined, 1] } }}'), { b: [null, 1] });
    assert.deepEqual(evaluate('={{ new Set([1]) }}'), {});
    assert.equal(evaluate('={{ $json.missing }}'), null);
    const copy = evaluate('={{ $json.tags }}') as string[];
    assert.notEqual(copy, json.tags, 'results are copies, never the run data itself');
  });

  it('refuses a function as a result', () => {
    assert.throws(() => evaluate('={{ x => x }}'), /function; call it with \(\)/);
    assert.throws(() => evaluate('={{ Math.max }}'), /function/);
  });

  it('gives no value where n8n gives none, and errors in strict mode', () => {
    assert.equal(evaluate('={{ $json.missing.deep }}'), null);
    assert.equal(evaluate('=a{{ $json.missing.deep }}b'), 'ab');
    assert.equal(evaluate('={{ $json.missing.deep ?? "fallback" }}'), null, 'n8n: the whole {{ }} fails, so ?? never runs');
    assert.equal(evaluate('={{ $json.a.toUpperCase() }}'), null);
    assert.equal(evaluateTemplate('={{ $json.missing.deep }}', scopeOf(json), WHERE), undefined);
    failsAt('={{ $json.missing.deep }}', 18, /Cannot read properties of undefined \(reading 'deep'\)/);
    failsAt('={{ $json.a.toUpperCase() }}', 12, /toUpperCase is not a function/);
  });

  it('reports syntax errors with the position in the parameter string', () => {
    failsAt('={{ $json.a + }}', 14, /Invalid expression.*Unexpected end of the expression/);
    failsAt('=Hello {{ $json.name', 7, /never closed/);
    failsAt("={{ 'abc }}", 4, /string is never closed/);
    failsAt('={{ }}', 1, /empty/);
    failsAt('=a {{ 1 }} b {{ 2 ) }}', 18, /Unexpected '\)'/);
    failsAt('={{ $json.a, $json.b }}', 11, /comma/);
  });

  it('reports runtime errors with the position of the failing part', () => {
    failsAt('=x {{ $json.name.toUpperCse() }}', 17, /string has no method 'toUpperCse'; did you mean 'toUpperCase'\?/);
    failsAt('={{ $jsn.a }}', 4, /'\$jsn' is not defined; did you mean '\$json'\?/);
    failsAt("={{ $('Nope').item.json.x }}", 4, /No data from node "Nope"/);
    failsAt('={{ $json.tags.push(1) }}', 15, /would change the array/);
  });

  it('reuses the parsed form of a repeated string', () => {
    const scope = scopeOf([{ json: { a: 1 } }, { json: { a: 2 } }]);
    const results = [0, 1].map((itemIndex) => evaluateParameter('={{ $json.a * 10 }}', { ...scope, itemIndex }, WHERE));
    assert.deepEqual(results, [10, 20]);
  });
});
