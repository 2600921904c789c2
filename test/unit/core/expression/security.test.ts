import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { evaluateExpression, evaluateParameter, ExpressionError } from '../../../../src/core/expression';
import { scopeOf, WHERE } from './make-scope';

function rejects(code: string, pattern: RegExp, json: Record<string, unknown> = { a: 1, s: 'x', list: [1] }) {
  assert.throws(
    () => evaluateExpression(code, scopeOf(json as never), { strict: true }),
    (e: unknown) => e instanceof ExpressionError && pattern.test(e.message),
    `expected ${code} to be rejected with ${pattern}`,
  );
}

describe('expression sandbox', () => {
  it('never hands code to eval, Function or vm', () => {
    const dir = path.resolve(__dirname, '../../../../src/core/expression');
    for (const file of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      assert.doesNotMatch(text, /\beval\s*\(|new Function\b|\bFunction\s*\(|['"](node:)?vm['"]|vm2|quickjs/, file);
    }
  });

  describe('blocks every path to the host', () => {
    const escapes = [
      '$json.constructor.constructor("return process")()',
      '$json["constructor"]["constructor"]("return process")()',
      '$json["constr" + "uctor"]',
      '"".constructor',
      '[].constructor.constructor("return this")()',
      '(x => x).constructor("return process")()',
      '$json.__proto__',
      '$json["__proto__"]',
      '({}).__proto__',
      'Object.prototype',
      'Math.max.constructor',
      '$json.list.map.constructor',
      '$now.constructor',
      '$input.constructor',
      '(1).constructor',
      '[$json].map(x => x.constructor)[0]',
      '`${"".constructor}`',
      '$json?.constructor',
      '$json.s.__defineGetter__("x", x => x)',
    ];
    for (const code of escapes) {
      it(code, () => rejects(code, /not allowed/));
    }
  });

  it('has no access to host globals', () => {
    for (const name of ['process', 'globalThis', 'global', 'require', 'Function', 'eval', 'module', 'Buffer', 'setTimeout', 'Reflect', 'Proxy', 'this']) {
      assert.throws(() => evaluateExpression(`${name}`, scopeOf({})), ExpressionError, name);
    }
  });

  it('does not reach prototype members through data', () => {
    const json = { a: 1 };
    assert.equal(evaluateExpression('$json.toString', scopeOf(json)), undefined);
    assert.equal(evaluateExpression('$json.hasOwnProperty', scopeOf(json)), undefined);
    assert.equal(evaluateExpression('$json.s?.valueOf', scopeOf({ s: 'x' })), undefined);
    assert.equal(evaluateExpression('"toString" in $json', scopeOf(json)), false);
    // Methods on data exist only through the allow-lists.
    rejects('$json.hasOwnProperty("a")', /has no method 'hasOwnProperty'/);
    rejects('$json.list.call(null)', /has no method 'call'/);
    rejects('Math.max.apply(null, [1, 2])', /has no method 'apply'/);
    rejects('(x => x).bind(null)', /has no method 'bind'/);
  });

  it('makes prototype pollution impossible', () => {
    rejects('({ __proto__: { polluted: 1 } })', /'__proto__' cannot be used as a key/);
    rejects('({ ["__pro" + "to__"]: { polluted: 1 } })', /'__proto__' cannot be used as a key/);
    const viaJson = evaluateExpression('JSON.parse(\'{"__proto__": {"polluted": 1}}\')', scopeOf({}));
    const viaEntries = evaluateExpression('Object.fromEntries([["__proto__", { polluted: 1 }]])', scopeOf({}));
    const viaSpread = evaluateExpression('({ ...JSON.parse(\'{"__proto__": {"polluted": 1}}\') })', scopeOf({}));
    const viaAssign = evaluateExpression('Object.assign({}, JSON.parse(\'{"__proto__": {"polluted": 1}}\'))', scopeOf({}));
    const viaMerge = evaluateExpression('({ a: 1 }).merge(JSON.parse(\'{"__proto__": {"polluted": 1}}\'))', scopeOf({}));
    for (const value of [viaJson, viaEntries, viaSpread, viaAssign, viaMerge]) assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  });

  it('keeps a parameter key named __proto__ as data', () => {
    const params = JSON.parse('{"__proto__": {"x": "={{ 1 + 1 }}"}, "y": 1}') as Record<string, unknown>;
    const out = evaluateParameter(params as never, scopeOf({}), WHERE) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.deepEqual(Object.keys(out), ['__proto__', 'y']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(out, '__proto__')?.value, { x: 2 });
  });

  it('never changes the run data', () => {
    const json = { list: [3, 1, 2], obj: { a: 1 } };
    const scope = scopeOf(json);
    evaluateExpression('[$json.list.sort(), $json.list.reverse(), Object.assign($json.obj, { b: 2 }), $json.obj.merge({ c: 3 })]', scope);
    assert.deepEqual(json, { list: [3, 1, 2], obj: { a: 1 } });
    for (const method of ['push(4)', 'pop()', 'shift()', 'unshift(0)', 'splice(0, 1)', 'fill(0)', 'copyWithin(0, 1)']) {
      rejects(`$json.list.${method}`, /expressions never change data/, json);
    }
    assert.deepEqual(json.list, [3, 1, 2]);
  });

  it('has no assignment, increment or delete in the language', () => {
    rejects('$json.a = 2', /Assignments are not allowed/);
    rejects('$json.a += 2', /Unexpected|Assignments/);
    rejects('$json.a++', /Unexpected/);
    rejects('++$json.a', /cannot change data/);
    rejects('delete $json.a', /'delete' is not allowed/);
    rejects('(() => { $json.a = 1; })()', /Only 'const', 'if' and 'return'/);
    rejects('function () { return 1 }', /arrow function/);
  });

  describe('bounds execution', () => {
    it('stops runaway recursion', () => {
      rejects('(f => f(f))(f => f(f))', /nest too deeply/);
      rejects('(f => f(f, 0))((f, n) => f(f, n + 1))', /nest too deeply/);
    });
    it('stops an expression that does too much work', () => {
      const started = Date.now();
      assert.throws(
        () => evaluateExpression('Array.from({ length: 1000 }).map(() => Array.from({ length: 1000 }).map(() => Array.from({ length: 1000 }).length))', scopeOf({}), { maxSteps: 200_000 }),
        /did too much work \(over 200000 steps\)/,
      );
      assert.ok(Date.now() - started < 5000, 'the budget must stop the work early');
    });
    it('counts the work built-ins do on large inputs', () => {
      const big = Array.from({ length: 50_000 }, (_, i) => i);
      assert.throws(() => evaluateExpression('$json.big.map(x => x).sum()', scopeOf({ big }), { maxSteps: 10_000 }), /did too much work/);
      assert.equal(evaluateExpression('$json.big.length', scopeOf({ big }), { maxSteps: 10_000 }), 50_000);
    });
    it('caps strings and arrays an expression builds', () => {
      rejects('"x".repeat(1e9)', /limit/);
      rejects('"x".padStart(1e9)', /limit/);
      rejects('Array.from({ length: 1e9 })', /too large/);
      rejects('Array.from({ length: 40 }).reduce(s => s + s, "xy")', /limit is 10000000/);
    });
    it('caps what join() would build before building it', () => {
      rejects('Array.from({ length: 2000 }, () => "x".repeat(10000)).join("")', /join\(\): the result would have 20000000 characters/);
    });
    it('refuses regular expressions that can take exponential time', () => {
      const text = 'a'.repeat(40) + '!';
      rejects('/^(a+)+$/.test($json.s)', /repeats a group that itself repeats/, { s: text });
      rejects('new RegExp("(\\s*x*)*$").test($json.s)', /exponential time/, { s: text });
      rejects('$json.s.match("(a*)*b")', /exponential time/, { s: text });
      assert.equal(evaluateExpression('/^(ab)+$/.test("abab") && /(\\d+,)*/.test("1,2,")', scopeOf({})), true);
    });
    it('refuses expressions nested deeper than the parser allows, without overflowing the stack', () => {
      rejects(`${'('.repeat(5000)}1${')'.repeat(5000)}`, /nests more than 150 levels/);
      rejects(`${'['.repeat(5000)}${']'.repeat(5000)}`, /nests more than 150 levels/);
      assert.equal(evaluateExpression(`${'('.repeat(100)}1${')'.repeat(100)}`, scopeOf({})), 1);
    });
    it('reports long chains the host cannot recurse through instead of crashing', () => {
      for (const code of [`${'!'.repeat(50_000)}1`, `1${' + 1'.repeat(50_000)}`, `$json${'.a'.repeat(50_000)}`]) {
        assert.throws(() => evaluateParameter(`={{ ${code} }}`, scopeOf({}), WHERE), (e: unknown) => e instanceof ExpressionError && /nested too deeply/.test(e.message));
      }
    });
    it('uses the default budget when none is given', () => {
      assert.throws(() => evaluateExpression('Array.from({ length: 100000 }).map(() => Array.from({ length: 100000 }).length)', scopeOf({})), /did too much work \(over 10000000 steps\)/);
    });
  });

  it('reports blocked access with the position in the parameter', () => {
    assert.throws(
      () => evaluateParameter('=id: {{ $json.constructor }}', scopeOf({}), WHERE),
      (e: unknown) => e instanceof ExpressionError && e.position === 14 && e.nodeId === 'n' && e.parameter === 'value',
    );
  });
});
