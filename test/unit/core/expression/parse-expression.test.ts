import assert from 'node:assert/strict';
import { parseExpression } from '../../../../src/core/expression';

const codes = (text: string, options?: Parameters<typeof parseExpression>[1]) =>
  parseExpression(text, options).diagnostics.map((d) => [d.code, d.start, d.end, d.severity]);

describe('parseExpression (inline validation)', () => {
  it('accepts valid expressions and reports their parts', () => {
    const parsed = parseExpression("=Hi {{ $json.name }}, {{ $('Seed').first().json.x.toUpperCase() }}");
    assert.equal(parsed.isExpression, true);
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(parsed.parts, [{ start: 6, end: 18 }, { start: 24, end: 64 }]);
  });

  it('does not treat plain strings as expressions', () => {
    assert.deepEqual(parseExpression('{{ not an expression'), { isExpression: false, parts: [], diagnostics: [] });
  });

  it('reports syntax errors with offsets, line and column', () => {
    const parsed = parseExpression('=line one\n{{ $json.a + }}');
    assert.equal(parsed.diagnostics.length, 1);
    const d = parsed.diagnostics[0]!;
    assert.equal(d.code, 'ExpressionSyntax');
    assert.equal(d.severity, 'error');
    assert.equal(d.start, 23);
    assert.equal(d.line, 2);
    assert.equal(d.column, 14);
    assert.equal(d.source, 'expression');
    assert.match(d.message, /Unexpected end of the expression/);
  });

  it('reports every broken part, not only the first', () => {
    assert.deepEqual(codes('={{ 1 + }} and {{ ) }}'), [
      ['ExpressionSyntax', 8, 9, 'error'],
      ['ExpressionSyntax', 18, 19, 'error'],
    ]);
  });

  it('flags unknown variables with a suggestion, but not arrow parameters or consts', () => {
    const parsed = parseExpression('={{ $jsn.a + items.map(x => { const y = x * 2; return y + z; }) }}');
    assert.deepEqual(parsed.diagnostics.map((d) => [d.code, d.message, d.fix]), [
      ['UnknownVariable', "'$jsn' is not defined", "did you mean '$json'?"],
      ['UnknownVariable', "'items' is not defined", "did you mean '$items'?"],
      ['UnknownVariable', "'z' is not defined", undefined],
    ]);
  });

  it('accepts extra variable names the caller knows', () => {
    assert.deepEqual(codes('={{ $custom.x }}', { variables: ['$custom'] }), []);
  });

  it('flags blocked members as errors and unknown methods as warnings', () => {
    assert.deepEqual(codes('={{ $json.constructor }}'), [['BlockedAccess', 10, 21, 'error']]);
    const parsed = parseExpression('={{ $json.name.toUpperCse() }}');
    assert.deepEqual(parsed.diagnostics.map((d) => [d.code, d.severity, d.fix]), [['UnknownMethod', 'warning', "did you mean 'toUpperCase'?"]]);
  });

  it('parses the code of a single {{ }} when asked', () => {
    assert.deepEqual(codes('$json.a * 2', { code: true }), []);
    assert.deepEqual(codes('$json.a *', { code: true }), [['ExpressionSyntax', 9, 10, 'error']]);
  });

  it('warns about an empty {{ }} and an unclosed one', () => {
    assert.deepEqual(codes('=a {{ }} b'), [['EmptyExpression', 3, 8, 'warning']]);
    assert.deepEqual(codes('=a {{ $json.x'), [['ExpressionSyntax', 3, 5, 'error']]);
  });

  describe('syntax the parser rejects with an explanation', () => {
    const cases: Array<[string, RegExp]> = [
      ['={{ a = 1 }}', /Assignments are not allowed/],
      ['={{ function () {} }}', /arrow function/],
      ['={{ this.x }}', /'this' is not available/],
      ['={{ x instanceof Y }}', /instanceof/],
      ['={{ [1,,2] }}', /Holes/],
      ['={{ ({ a() { } }) }}', /Methods in object literals/],
      ['={{ ({ a, b }) => a }}', /Destructuring/],
      ['={{ tag`x` }}', /Tagged templates/],
      ['={{ 10n }}', /BigInt/],
      ['={{ "\\01" }}', /Octal escapes/],
      ['={{ `${}` }}', /Empty \$\{\}/],
      ['={{ /[/ }}', /Invalid regular expression|never closed/],
      ['={{ (a, a) => a }}', /Duplicate parameter/],
      ['={{ x => { x + 1 } }}', /Only 'const', 'if' and 'return'/],
      ['={{ 1 # 2 }}', /Unexpected character '#'/],
    ];
    for (const [text, message] of cases) {
      it(text, () => {
        const d = parseExpression(text).diagnostics.find((x) => x.code === 'ExpressionSyntax');
        assert.ok(d, `expected a syntax error for ${text}`);
        assert.match(d.message, message);
      });
    }
  });
});
