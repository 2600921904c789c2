import assert from 'node:assert/strict';
import { evaluateExpression, ExpressionError } from '../../../../src/core/expression';
import { scopeOf } from './make-scope';

const data = { a: 7, b: 5, s: 'grace hopper', n: null, list: [3, 1, 2], nested: { deep: { x: 1 } }, num: '42', tags: ['navy', 'cobol'] };
const run = (code: string, json: Record<string, unknown> = data) => evaluateExpression(code, scopeOf(json as never));

describe('expression language', () => {
  describe('literals', () => {
    it('reads numbers in every notation', () => {
      assert.equal(run('0x1F + 0o17 + 0b11 + 1_000 + .5 + 1e3 + 2.5E-1'), 31 + 15 + 3 + 1000 + 0.5 + 1000 + 0.25);
    });
    it('decodes string escapes', () => {
      assert.equal(run(String.raw`'a\nb\t\'q\' \x41\u0042\u{1F600} \\'`), "a\nb\t'q' AB😀 \\");
      assert.equal(run(String.raw`"double \"quoted\""`), 'double "quoted"');
    });
    it('evaluates template literals with nested expressions and templates', () => {
      assert.equal(run('`sum=${$json.a + $json.b}, ${`inner ${$json.s.toUpperCase()}`}`'), 'sum=12, inner GRACE HOPPER');
      assert.equal(run('`${null}|${undefined}|${[1, 2]}|${{}}`'), 'null|undefined|1,2|[object Object]');
      assert.equal(run('`a\\`b`'), 'a`b');
    });
    it('builds arrays and objects with spread, shorthand and computed keys', () => {
      assert.deepEqual(run('[0, ...$json.list, ...\'ab\']'), [0, 3, 1, 2, 'a', 'b']);
      assert.deepEqual(run('{ ...$json.nested, a: $json.a, ["k" + 1]: true, "quoted key": 1, 5: "five" }'), { deep: { x: 1 }, a: 7, k1: true, 'quoted key': 1, 5: 'five' });
      assert.deepEqual(run('(x => ({ x }))(3)'), { x: 3 });
    });
    it('knows true, false, null, undefined, NaN and Infinity', () => {
      assert.deepEqual(run('[true, false, null, undefined === void 0, Number.isNaN(NaN), -Infinity < 0]'), [true, false, null, true, true, true]);
    });
  });

  describe('operators follow JavaScript precedence', () => {
    const cases: Array<[string, unknown]> = [
      ['1 + 2 * 3', 7],
      ['(1 + 2) * 3', 9],
      ['2 ** 3 ** 2', 512],
      ['(-2) ** 2', 4],
      ['10 - 4 - 3', 3],
      ['100 / 10 / 5', 2],
      ['7 % 4 * 2', 6],
      ['1 + 2 < 4 === true', true],
      ['1 < 2 < 3', true],
      ['3 > 2 > 1', false],
      ['true || false && false', true],
      ['(true || false) && false', false],
      ['null ?? 0 || 5', 5],
      ['0 ?? 5', 0],
      ['1 | 2 & 3 ^ 4', 7],
      ['1 << 3 >> 1 >>> 1', 2],
      ['~5 + !0', -5],
      ['typeof 1 + typeof "x"', 'numberstring'],
      ['true ? 1 : false ? 2 : 3', 1],
      ['false ? 1 : false ? 2 : 3', 3],
      ['-$json.a * 2', -14],
      ['!$json.n', true],
      ["'a' in { a: 1 }", true],
      ["'b' in { a: 1 }", false],
      ['1 in [5, 6]', true],
    ];
    for (const [code, expected] of cases) {
      it(`${code} → ${JSON.stringify(expected)}`, () => assert.deepEqual(run(code), expected));
    }
    it('rejects -2 ** 2 like JavaScript does', () => {
      assert.throws(() => run('-2 ** 2'), /parentheses/);
    });
  });

  describe('coercion is JavaScript coercion', () => {
    const cases: Array<[string, unknown]> = [
      ["'5' + 3", '53'],
      ["'5' - 3", 2],
      ["'5' * '2'", 10],
      ['1 + true', 2],
      ['1 + null', 1],
      ['[1, 2] + [3]', '1,23'],
      ["({}) + ''", '[object Object]'],
      ["'3' == 3", true],
      ["'3' === 3", false],
      ['null == undefined', true],
      ['null === undefined', false],
      ["0 == ''", true],
      ['NaN == NaN', false],
      ["'10' < '9'", true],
      ["'10' < 9", false],
      ['[] + {}', '[object Object]'],
      ["+'' + +' 12 '", 12],
      ['typeof null', 'object'],
      ['typeof (x => x)', 'function'],
      ['typeof notDeclaredAnywhere', 'undefined'],
      ['typeof $json.list', 'object'],
      ['!!"0"', true],
      ['$json.num * 1 + 1', 43],
    ];
    for (const [code, expected] of cases) {
      it(`${code} → ${JSON.stringify(expected)}`, () => assert.deepEqual(run(code), expected));
    }
  });

  describe('member access and optional chaining', () => {
    it('reads dot, bracket and index access', () => {
      assert.equal(run("$json['nested'].deep['x'] + $json.list[2] + $json.s[0].length"), 1 + 2 + 1);
      assert.equal(run('$json.list.length + $json.s.length'), 3 + 12);
      assert.equal(run('$json.list[-1]'), undefined);
    });
    it('short-circuits a whole ?. chain', () => {
      assert.equal(run('$json.missing?.deep.x.y'), undefined);
      assert.equal(run('$json.missing?.[0].x'), undefined);
      assert.equal(run('$json.missing?.toUpperCase()'), undefined);
      assert.equal(run('$json.nested?.deep?.x'), 1);
      assert.equal(run('$json.s.nothing?.()'), undefined);
      assert.equal(run('$json.s.toUpperCase?.()'), 'GRACE HOPPER');
    });
    it('does not let parentheses extend a short-circuit', () => {
      assert.throws(() => evaluateExpression('($json.missing?.a).b', scopeOf({}), { strict: true }), /Cannot read properties of undefined \(reading 'b'\)/);
    });
  });

  describe('arrow functions', () => {
    it('takes one, several, default and rest parameters', () => {
      assert.deepEqual(run('$json.list.map(x => x * 2)'), [6, 2, 4]);
      assert.equal(run('$json.list.reduce((s, x) => s + x, 0)'), 6);
      assert.equal(run('((a, b = 10) => a + b)(1)'), 11);
      assert.deepEqual(run('((first, ...rest) => rest)(1, 2, 3)'), [2, 3]);
      assert.equal(run('(() => 42)()'), 42);
    });
    it('captures outer parameters (closures)', () => {
      assert.deepEqual(run('$json.list.map(x => $json.tags.map(t => t + x))[0]'), ['navy3', 'cobol3']);
      assert.equal(run('(a => b => a - b)(10)(3)'), 7);
    });
    it('runs block bodies with const, if/else and return', () => {
      const code = '$json.list.map(x => { const double = x * 2; if (double > 4) { return "big"; } else if (double === 4) return "four"; return "small"; })';
      assert.deepEqual(run(code), ['big', 'small', 'four']);
      assert.equal(run('(() => { const a = 1; { const a = 2; } return a; })()'), 1);
      assert.equal(run('(() => { })()'), undefined);
    });
    it('sorts with a comparator and leaves the data unchanged', () => {
      const json = { list: [3, 1, 2] };
      assert.deepEqual(evaluateExpression('$json.list.sort((a, b) => b - a)', scopeOf(json)), [3, 2, 1]);
      assert.deepEqual(evaluateExpression('$json.list.reverse()', scopeOf(json)), [2, 1, 3]);
      assert.deepEqual(json.list, [3, 1, 2]);
    });
  });

  describe('built-in methods', () => {
    const cases: Array<[string, unknown]> = [
      ["$json.s.split(' ').map(w => w[0].toUpperCase() + w.slice(1)).join(' ')", 'Grace Hopper'],
      ["$json.s.replace(/o(p+)/g, 'O$1')", 'grace hOpper'],
      ["$json.s.replaceAll('r', 'R')", 'gRace hoppeR'],
      ['$json.s.match(/\\w+/g)', ['grace', 'hopper']],
      ["$json.s.padStart(14, '*').padEnd(16, '-')", '**grace hopper--'],
      ['$json.s.includes("hop") && $json.s.startsWith("gr") && $json.s.endsWith("er")', true],
      ['"  x ".trim() + "|" + "abc".at(-1) + "|" + "abc".charCodeAt(0)', 'x|c|97'],
      ['$json.list.filter(x => x > 1).concat([9]).slice(1)', [2, 9]],
      ['$json.list.find(x => x < 3) + $json.list.findIndex(x => x === 2)', 3],
      ['$json.list.some(x => x > 2) && $json.list.every(x => x > 0)', true],
      ['[[1, [2]], [3]].flat(2)', [1, 2, 3]],
      ['$json.list.includes(2) && $json.list.indexOf(1) === 1', true],
      ['$json.list.toSorted()', [1, 2, 3]],
      ['Object.keys($json.nested) .concat(Object.values({ a: 1 }))', ['deep', 1]],
      ['Object.entries({ a: 1, b: 2 }).map(([k, v]) => k)', undefined],
      ['Object.fromEntries([["a", 1], ["b", 2]])', { a: 1, b: 2 }],
      ['Object.assign({}, { a: 1 }, { b: 2 })', { a: 1, b: 2 }],
      ['Math.max(...$json.list) + Math.min(1, 2) + Math.round(2.5) + Math.floor(-1.5) + Math.abs(-3)', 3 + 1 + 3 - 2 + 3],
      ['Math.PI > 3.14 && Math.sqrt(16) === 4', true],
      ['JSON.stringify({ a: [1, "x"] })', '{"a":[1,"x"]}'],
      ['JSON.parse(\'{"a":[1,2]}\').a[1]', 2],
      ['JSON.stringify({ a: 1 }, null, 2)', '{\n  "a": 1\n}'],
      ["Number('3.5') + parseInt('10px') + parseFloat('1.5e1') + Number.isInteger(4)", 3.5 + 10 + 15 + 1],
      ["String(12) + Boolean('') + Array.isArray([])", '12falsetrue'],
      ['Array.from({ length: 3 }, (_, i) => i * i)', [0, 1, 4]],
      ['Array.from(new Set([1, 1, 2]))', [1, 2]],
      ['[...new Set("aab")].length', 2],
      ['new Map([["a", 1]]).get("a")', 1],
      ['new Set([1, 2]).has(2) && new Set([1, 2]).size === 2', true],
      ['(12.3456).toFixed(2) + " " + (255).toString(16)', '12.35 ff'],
      ['encodeURIComponent("a b&c") + decodeURIComponent("%41")', 'a%20b%26cA'],
      ['/^gr/.test($json.s) && new RegExp("HOP", "i").test($json.s)', true],
      ['isNaN("abc")', false],
      ['Number.isNaN(Number("abc"))', true],
    ];
    for (const [code, expected] of cases) {
      if (expected === undefined) continue;
      it(`${code}`, () => assert.deepEqual(run(code), expected));
    }
    it('rejects destructuring parameters with a clear message', () => {
      assert.throws(() => run('Object.entries({ a: 1 }).map(([k, v]) => k)'), (e: unknown) => e instanceof ExpressionError && /Destructuring/.test(e.message));
    });
  });

  describe('n8n extension methods', () => {
    const cases: Array<[string, unknown]> = [
      ['[1, 2, 3.5].sum()', 6.5],
      ['[1, 2, 3].average()', 2],
      ['[4, 9, 1].max() - [4, 9, 1].min()', 8],
      ['[1, 1, 2, { a: 1 }, { a: 1 }].unique()', [1, 2, { a: 1 }]],
      ['[{ a: 1, b: 1 }, { a: 1, b: 2 }].removeDuplicates("a")', [{ a: 1, b: 1 }]],
      ['[3, 4].first() + [3, 4].last()', 7],
      ['[].isEmpty() && [1].isNotEmpty() && "".isEmpty() && ({}).isEmpty()', true],
      ['[{ n: "a" }, { n: "b" }, { x: 1 }].pluck("n")', ['a', 'b']],
      ['[0, null, "", "x", undefined, false].compact()', [0, 'x', false]],
      ['[1, 2, 3, 4, 5].chunk(2)', [[1, 2], [3, 4], [5]]],
      ['[{ n: 2 }, { n: 3 }, { n: 1 }].sortBy("n").map(o => o.n)', [1, 2, 3]],
      ['[{ n: 2 }, { n: 3 }, { n: 1 }].sortBy(o => o.n, "desc").map(o => o.n)', [3, 2, 1]],
      ['[1, 2, 3].difference([2]).concat([1, 2].intersection([2, 3])).concat([1].union([1, 4]))', [1, 3, 2, 1, 4]],
      ['"42".toNumber() + "3.5".toFloat() + "7.9".toInt()', 42 + 3.5 + 7],
      ['"the QUICK fox".toTitleCase()', 'The Quick Fox'],
      ['"hello world. bye now".toSentenceCase()', 'Hello world. Bye now'],
      ['"Hello World-again".toSnakeCase()', 'hello_world_again'],
      ['"mail me at ada@example.org today".extractEmail()', 'ada@example.org'],
      ['"see https://x.dev/a?b=1 now".extractUrl()', 'https://x.dev/a?b=1'],
      ['"https://www.example.com/path".extractDomain()', 'www.example.com'],
      ['"ada@example.org".isEmail() && !"nope".isEmail()', true],
      ['"<b>bold</b> text".removeTags()', 'bold text'],
      ['"héllo".base64Encode().base64Decode()', 'héllo'],
      ['"a b".urlEncode()', 'a%20b'],
      ['"{\\"a\\":1}".parseJson().a', 1],
      ['"12".isNumeric() && !"1x".isNumeric()', true],
      ['(3.14159).round(2) + (2.5).floor() + (2.1).ceil()', 3.14 + 2 + 3],
      ['(4).isEven() && (3).isOdd()', true],
      ['({ a: 1 }).hasField("a") && !({ a: 1 }).hasField("b")', true],
      ['({ a: 1, b: "x" }).removeField("a")', { b: 'x' }],
      ['({ a: 1 }).keys()', ['a']],
      ['$if($json.a > 5, "big", "small") + $ifEmpty($json.n, "-") + $max(1, 9) + $min(4, 2)', 'big-92'],
    ];
    for (const [code, expected] of cases) {
      it(`${code}`, () => assert.deepEqual(run(code), expected));
    }
    it('names the bad element when sum() meets non-numbers', () => {
      assert.throws(() => run('[1, "x"].sum()'), /element 1 is "x", not a number/);
    });
    it('throws when toNumber() meets text that is not a number', () => {
      assert.throws(() => run('"abc".toNumber()'), /'abc' cannot be converted to a number/);
    });
  });

  describe('dates', () => {
    it('exposes $now and $today from the run clock', () => {
      assert.equal(run('$now.toISO()'), '2024-03-15T10:20:30.000Z');
      assert.equal(run('$today.toISO()'), '2024-03-15T00:00:00.000Z');
      assert.equal(run('$now.year * 100 + $now.month'), 202403);
      assert.equal(run('$now.weekday'), 5);
    });
    it('formats, shifts and compares like Luxon', () => {
      assert.equal(run("$now.toFormat('yyyy-MM-dd HH:mm:ss EEE MMM')"), '2024-03-15 10:20:30 Fri Mar');
      assert.equal(run("$now.plus(1, 'day').toISODate()"), '2024-03-16');
      assert.equal(run("$now.plus({ months: 1, hours: 2 }).toISO()"), '2024-04-15T12:20:30.000Z');
      assert.equal(run("DateTime.fromISO('2024-01-31').plus({ months: 1 }).toISODate()"), '2024-02-29');
      assert.equal(run("$now.minus({ weeks: 1 }).startOf('month').toISODate()"), '2024-03-01');
      assert.equal(run("$now.endOf('day').toISO()"), '2024-03-15T23:59:59.999Z');
      assert.equal(run("$now.startOf('week').toISODate()"), '2024-03-11');
      assert.equal(run("DateTime.fromISO('2024-03-20T10:20:30Z').diff($now, 'days').days"), 5);
      assert.equal(run("$now.diffTo('2024-03-10T10:20:30Z', 'days')"), 5);
      assert.equal(run("$now > DateTime.fromISO('2024-01-01')"), true);
      assert.equal(run('`at ${$now}`'), 'at 2024-03-15T10:20:30.000Z');
    });
    it('uses the run clock for Date.now() and new Date()', () => {
      assert.equal(run('Date.now()'), Date.parse('2024-03-15T10:20:30.000Z'));
      assert.equal(run('new Date().toISOString()'), '2024-03-15T10:20:30.000Z');
      assert.equal(run("new Date('2020-01-02T00:00:00Z').getUTCFullYear()"), 2020);
      assert.equal(run('new Date(2020, 0, 2).getMonth()'), 0);
    });
    it('turns text into dates with toDateTime()', () => {
      assert.equal(run("'2024-05-01 08:00:00'.toDateTime().toISO()"), '2024-05-01T08:00:00.000Z');
      assert.equal(run("'2024-05-01T08:00:00+02:00'.toDateTime().hour"), 6);
    });
  });
});
