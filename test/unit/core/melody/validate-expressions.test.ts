import assert from 'node:assert/strict';
import type { Diagnostic } from '../../../../src/core/base/diagnostic';
import { validateExpressions } from '../../../../src/core/melody/validate-expressions';

describe('validateExpressions', () => {
  const check = (params: unknown) => {
    const out: Diagnostic[] = [];
    validateExpressions(params, 'nodes[1].params', 'node "set"', out);
    return out;
  };

  it('finds a syntax error in a nested parameter and names the node, the parameter and the position', () => {
    const [d, ...rest] = check({ fields: { text: '={{ $json.name.toUpperCase( }}' }, plain: 'not an expression {{' });
    assert.equal(rest.length, 0);
    assert.equal(d!.severity, 'error');
    assert.equal(d!.code, 'InvalidExpression');
    assert.equal(d!.path, 'nodes[1].params.fields.text');
    assert.match(d!.message, /node "set" parameter "fields\.text": .* \(at character \d+ of/);
  });

  it('lets valid expressions through and only warns about names it does not know', () => {
    assert.deepEqual(check({ a: '={{ $json.a + 1 }}', list: ['={{ $now }}'] }), []);
    const unknown = check({ a: '={{ $mystery.value }}' });
    assert.ok(unknown.length >= 1);
    assert.ok(unknown.every((d) => d.severity === 'warning'));
  });
});
