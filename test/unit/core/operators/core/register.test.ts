import assert from 'node:assert/strict';
import { registerCoreOperators } from '../../../../../src/core/operators/core/index';
import { OperatorRegistry } from '../../../../../src/core/operators/operator-registry';

describe('registerCoreOperators', () => {
  it('registers every core operator DESIGN.md names, plus the two n8n has', () => {
    const registry = new OperatorRegistry();
    const registration = registerCoreOperators(registry);
    const ids = registry.descriptions().map((d) => d.id);
    for (const id of ['core.noop', 'core.set', 'core.if', 'core.switch', 'core.merge', 'core.filter', 'core.sort', 'core.limit', 'core.split', 'core.aggregate', 'core.code', 'core.wait', 'core.manual-trigger', 'core.remove-duplicates', 'core.rename-keys']) {
      assert.ok(ids.includes(id), `${id} is missing`);
    }
    registration.dispose();
    assert.equal(registry.descriptions().length, 0);
  });

  it('describes ports, parameters with defaults, an icon and docs for each operator', () => {
    const registry = new OperatorRegistry();
    registerCoreOperators(registry);
    for (const d of registry.descriptions()) {
      assert.ok(d.icon && d.icon !== 'symbol-event', `${d.id} has no icon`);
      assert.ok(d.docs, `${d.id} has no docs`);
      assert.equal(d.permissions.length, 0, `${d.id} asks for permissions`);
      for (const p of d.params) assert.ok(p.required || p.default !== undefined, `${d.id}.${p.name} has no default`);
    }
    assert.deepEqual(registry.get('core.if')!.description.outputs.map((p) => p.name), ['true', 'false']);
    assert.deepEqual(registry.get('core.merge')!.description.inputs.map((p) => p.name), ['input1', 'input2']);
    assert.deepEqual(registry.get('core.manual-trigger')!.description.inputs, []);
  });
});
