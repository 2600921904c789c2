import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Diagnostic } from '../../../../src/core/base/diagnostic';
import { validateMelody, validateMelodyFile, validateMelodyText } from '../../../../src/core/melody/index';
import { link, melody, node, testRegistry } from '../conductor/test-operators';

const fixtures = path.resolve(__dirname, '../../../fixtures/melody');
const registry = testRegistry();
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
const only = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code);

describe('melody validation', () => {
  it('accepts a correct melody', () => {
    const m = melody([node('a', 'test.source', { params: { items: [] } }), node('b', 'test.pass')], [link('a', 'b')]);
    assert.deepEqual(validateMelody(m, registry), []);
  });

  it('CycleDetected names the cycle in edge order, A → B → C → A', () => {
    const m = melody(
      [node('start', 'test.pass'), node('A', 'test.pass'), node('B', 'test.pass'), node('C', 'test.pass'), node('after', 'test.pass')],
      [link('start', 'A'), link('A', 'B'), link('B', 'C'), link('C', 'A'), link('C', 'after')],
    );
    const cycles = only(validateMelody(m, registry), 'CycleDetected');
    assert.equal(cycles.length, 1);
    assert.match(cycles[0]!.message, /A → B → C → A/);
    assert.equal(cycles[0]!.path, 'nodes[1]');
  });

  it('CycleDetected reports a self loop and two separate cycles', () => {
    const m = melody(
      [node('s', 'test.pass'), node('x', 'test.pass'), node('y', 'test.pass')],
      [link('s', 's'), link('x', 'y'), link('y', 'x')],
    );
    const messages = only(validateMelody(m, registry), 'CycleDetected').map((d) => d.message);
    assert.equal(messages.length, 2);
    assert.ok(messages.some((t) => t.includes('s → s')));
    assert.ok(messages.some((t) => t.includes('x → y → x')));
  });

  it('OrphanNode is a warning for an unconnected node in a melody of several', () => {
    const ds = validateMelody(melody([node('a', 'test.pass'), node('b', 'test.pass'), node('lonely', 'test.pass')], [link('a', 'b')]), registry);
    assert.deepEqual(ds.map((d) => [d.code, d.severity, d.path]), [['OrphanNode', 'warning', 'nodes[2]']]);
    assert.deepEqual(validateMelody(melody([node('solo', 'test.pass')], []), registry), []);
  });

  it('MissingRequiredInput when a required input port has no connection', () => {
    const ds = validateMelody(melody([node('a', 'test.pass'), node('j', 'test.join')], [link('a', 'j', 0, 'right')]), registry);
    const d = only(ds, 'MissingRequiredInput');
    assert.equal(d.length, 1);
    assert.match(d[0]!.message, /"j" \(test\.join\) needs a connection into its input "left"/);
  });

  it('TypeMismatch between port types; "any" and equal types connect', () => {
    const ds = validateMelody(melody([node('t', 'test.text'), node('u', 'test.text')], [link('t', 'u')]), registry);
    assert.deepEqual(codes(ds), ['TypeMismatch']);
    assert.match(ds[0]!.message, /carries number but "u" input "main" expects text/);
    assert.deepEqual(validateMelody(melody([node('a', 'test.pass'), node('b', 'test.pass')], [link('a', 'b')]), registry), []);
  });

  it('DuplicateNodeId points at the second node and suggests a free id', () => {
    const ds = validateMelody(melody([node('a', 'test.pass'), node('a', 'test.pass')], []), registry);
    const d = only(ds, 'DuplicateNodeId')[0]!;
    assert.equal(d.path, 'nodes[1].id');
    assert.match(d.fix!, /"a-2"/);
  });

  it('InvalidEdge for an unknown node (with the closest id) and an unknown port (with the ports)', () => {
    const ds = validateMelody(
      melody([node('source', 'test.pass'), node('r', 'test.route', { params: { field: 'x' } }), node('b', 'test.pass')], [link('sorce', 'b'), link('r', 'b', 'maybe'), link('r', 'b', 5)]),
      registry,
    );
    const edges = only(ds, 'InvalidEdge');
    assert.equal(edges.length, 3);
    assert.equal(edges[0]!.path, 'connections[0].from.node');
    assert.equal(edges[0]!.fix, 'did you mean "source"?');
    assert.equal(edges[1]!.path, 'connections[1].from.port');
    assert.match(edges[1]!.message, /its outputs are "yes", "no"/);
    assert.equal(edges[2]!.path, 'connections[2].from.port');
  });

  it('UnknownOperator suggests the closest registered id', () => {
    const d = only(validateMelody(melody([node('a', 'test.pas')], []), registry), 'UnknownOperator')[0]!;
    assert.equal(d.path, 'nodes[0].operator');
    assert.equal(d.fix, 'did you mean "test.pass"?');
  });

  it('parameters are checked against the operator: required, type, range, unknown', () => {
    const ds = validateMelody(
      melody([node('s', 'test.source'), node('n', 'test.set', { params: { count: 11, fieldz: {} } }), node('m', 'test.set', { params: { count: 'x' } }), node('e', 'test.set', { params: { count: '={{ $json.n }}' } })], []),
      registry,
      { orphans: 'off' },
    );
    assert.deepEqual(ds.map((d) => [d.code, d.path]), [
      ['MissingParameter', 'nodes[0].params.items'],
      ['InvalidParameter', 'nodes[1].params.count'],
      ['UnknownParameter', 'nodes[1].params.fieldz'],
      ['InvalidParameter', 'nodes[2].params.count'],
    ]);
    assert.match(ds[1]!.message, /at most 10/);
    assert.equal(ds[2]!.fix, 'did you mean "fields"?');
  });

  it('shape problems come from the schema with their path, and never throw', () => {
    assert.deepEqual(codes(validateMelody(42, registry)), ['InvalidMelody']);
    assert.deepEqual(codes(validateMelody({ format: 'melody/9', name: 'x', nodes: [] }, registry)), ['UnsupportedFormat']);
    const ds = validateMelody({ format: 'melody/1', name: 'x', nodes: [{ id: 'a' }, { id: 'b', operator: 'test.pass', onError: { strategy: 'pray' } }], connections: 'none' }, registry, { orphans: 'off' });
    assert.deepEqual(ds.map((d) => d.path), ['nodes[0].operator', 'nodes[1].onError.strategy', 'connections']);
  });

  it('validates 10,000 nodes quickly (budget 10 ms; measured, not asserted tightly on a shared machine)', () => {
    const nodes = [];
    const connections = [];
    for (let i = 0; i < 10_000; i++) {
      nodes.push(node(`n${i}`, 'test.set', { params: { fields: { a: i } }, position: { x: i, y: 0 } }));
      if (i) connections.push(link(`n${i - 1}`, `n${i}`));
    }
    const m = melody(nodes, connections);
    for (let k = 0; k < 5; k++) validateMelody(m, registry);
    let best = Infinity;
    for (let k = 0; k < 10; k++) {
      const t = performance.now();
      assert.deepEqual(validateMelody(m, registry), []);
      best = Math.min(best, performance.now() - t);
    }
    assert.ok(best < 200, `best of 10: ${best.toFixed(1)} ms`);
  });

  it('validateMelodyFile gives every diagnostic a line and column in the file', async () => {
    const file = path.join(fixtures, 'broken.melody');
    const { diagnostics } = await validateMelodyFile(file, { registry });
    const at = (code: string) => diagnostics.filter((d) => d.code === code).map((d) => [d.path, d.line, d.column]);
    assert.deepEqual(at('UnknownOperator'), [['nodes[1].operator', 6, 30]]);
    assert.deepEqual(at('DuplicateNodeId'), [['nodes[2].id', 7, 13]]);
    assert.deepEqual(at('InvalidEdge'), [['connections[0].to.node', 11, 48]]);
    assert.deepEqual(at('InvalidParameter'), [['nodes[3].params.count', 8, 63]]);
    assert.ok(diagnostics.every((d) => d.file === file));
  });

  it('validateMelodyFile reports a JSON syntax error at its position', async () => {
    const { melody: doc, diagnostics } = await validateMelodyFile(path.join(fixtures, 'syntax-error.melody'), { registry });
    assert.equal(doc, undefined);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.line, d.column]), [['InvalidJson', 4, 26]]);
  });

  it('validateMelodyFile reports a missing file without throwing', async () => {
    const { diagnostics } = await validateMelodyFile(path.join(fixtures, 'nope.melody'));
    assert.deepEqual(codes(diagnostics), ['FileNotReadable']);
  });

  it('validateMelodyText positions diagnostics in unsaved text', () => {
    const text = '{\n  "format": "melody/1",\n  "name": "t",\n  "nodes": [\n    { "id": "a", "operator": "test.pas" }\n  ]\n}\n';
    const { diagnostics } = validateMelodyText(text, { registry, file: 'untitled.melody' });
    assert.deepEqual(diagnostics.map((d) => [d.code, d.file, d.line, d.column]), [['UnknownOperator', 'untitled.melody', 5, 30]]);
  });
});
