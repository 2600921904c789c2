import { strict as assert } from 'node:assert';
import { applyIntent } from '../../../../src/host/board/melody-edits';
import { applyReplacement } from '../../../../src/host/board/melody-text';
import { BoardIntent } from '../../../../src/protocol/board';
import { OperatorDescriptionSchema, type OperatorDescription } from '../../../../src/core/operators/operator';

const ops = new Map<string, OperatorDescription>(
  [
    OperatorDescriptionSchema.parse({ id: 'core.set', displayName: 'Set', params: [{ name: 'mode', type: 'options', required: true, default: 'keep' }] }),
    OperatorDescriptionSchema.parse({ id: 'core.if', displayName: 'If', outputs: [{ name: 'true' }, { name: 'false' }] }),
    OperatorDescriptionSchema.parse({ id: 'fs.read', displayName: 'Read File', outputs: [{ name: 'main', type: 'text' }] }),
    OperatorDescriptionSchema.parse({ id: 'core.sum', displayName: 'Sum', inputs: [{ name: 'main', type: 'number' }] }),
  ].map((d) => [d.id, d]),
);

const base = {
  format: 'melody/1',
  name: 'Demo',
  'x-future': { keep: [1, 2, 3] },
  nodes: [
    { id: 'a', operator: 'core.set', name: 'A', position: { x: 0, y: 0 }, params: {}, 'x-note': 'keep me' },
    { id: 'b', operator: 'core.if', name: 'B', position: { x: 200, y: 0 }, params: {} },
  ],
  connections: [{ from: { node: 'a', port: 'main' }, to: { node: 'b', port: 'main' } }],
  config: { concurrency: 4 },
};
const text = JSON.stringify(base, null, 2) + '\n';

function run(source: string, intent: unknown) {
  const result = applyIntent(source, BoardIntent.parse(intent), ops);
  if (!result.ok) throw new Error(result.reason);
  return { after: result.replacement ? applyReplacement(source, result.replacement) : source, result };
}

describe('board edits (melody-edits)', () => {
  it('moves a node by replacing only the changed numbers and keeps unknown fields', () => {
    const { after, result } = run(text, { type: 'moveNodes', moves: [{ id: 'a', position: { x: 40.4, y: 80 } }] });
    assert.ok(result.ok && result.replacement);
    assert.ok(result.replacement.end - result.replacement.start < 20, `replacement too wide: ${JSON.stringify(result.replacement)}`);
    const doc = JSON.parse(after);
    assert.deepEqual(doc.nodes[0].position, { x: 40, y: 80 });
    assert.equal(doc.nodes[0]['x-note'], 'keep me');
    assert.deepEqual(doc['x-future'], { keep: [1, 2, 3] });
    assert.deepEqual(Object.keys(doc), Object.keys(base));
  });

  it('keeps tabs, CRLF and a missing final newline', () => {
    const crlf = JSON.stringify(base, null, '\t').replace(/\n/g, '\r\n');
    const { after } = run(crlf, { type: 'renameMelody', name: 'Renamed' });
    assert.equal(after, JSON.stringify({ ...base, name: 'Renamed' }, null, '\t').replace(/\n/g, '\r\n'));
  });

  it('adds a node with a unique id, display name and required defaults, connected from a port', () => {
    const { after, result } = run(text, { type: 'addNode', operator: 'core.set', position: { x: 1, y: 2 }, connectFrom: { node: 'b', port: 'true' } });
    assert.ok(result.ok);
    assert.deepEqual(result.created, ['set']);
    const doc = JSON.parse(after);
    const added = doc.nodes[2];
    assert.deepEqual(added, { id: 'set', operator: 'core.set', name: 'Set', position: { x: 1, y: 2 }, params: { mode: 'keep' } });
    assert.deepEqual(doc.connections[1], { from: { node: 'b', port: 'true' }, to: { node: 'set', port: 'main' } });
    const again = run(after, { type: 'addNode', operator: 'core.set', position: { x: 0, y: 0 } });
    assert.ok(again.result.ok);
    assert.deepEqual(again.result.created, ['set-2']);
    assert.equal(JSON.parse(again.after).nodes[3].name, 'Set 2');
  });

  it('refuses a connection whose port types differ, naming both ends', () => {
    const withNodes = run(text, { type: 'paste', nodes: [{ id: 'r', operator: 'fs.read' }, { id: 's', operator: 'core.sum' }], connections: [] }).after;
    const result = applyIntent(withNodes, BoardIntent.parse({ type: 'connect', connection: { from: { node: 'r', port: 'main' }, to: { node: 's', port: 'main' } } }), ops);
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /Type mismatch: r\.main gives text but s\.main takes number/);
  });

  it('refuses a connection that would make a cycle and one to a missing port', () => {
    const cycle = applyIntent(text, BoardIntent.parse({ type: 'connect', connection: { from: { node: 'b', port: 'true' }, to: { node: 'a', port: 'main' } } }), ops);
    assert.match(!cycle.ok ? cycle.reason : '', /cycle/);
    const port = applyIntent(text, BoardIntent.parse({ type: 'connect', connection: { from: { node: 'b', port: 'maybe' }, to: { node: 'a', port: 'main' } } }), ops);
    assert.match(!port.ok ? port.reason : '', /no output port "maybe"/);
  });

  it('deletes nodes with their connections', () => {
    const { after } = run(text, { type: 'deleteElements', nodes: ['a'], connections: [] });
    const doc = JSON.parse(after);
    assert.deepEqual(doc.nodes.map((n: { id: string }) => n.id), ['b']);
    assert.deepEqual(doc.connections, []);
  });

  it('sets and unsets parameters and node settings; null removes a setting', () => {
    let { after } = run(text, { type: 'updateParams', node: 'a', set: { fields: { t: '={{ $json.x }}' } }, unset: [] });
    assert.deepEqual(JSON.parse(after).nodes[0].params, { fields: { t: '={{ $json.x }}' } });
    after = run(after, { type: 'updateParams', node: 'a', set: {}, unset: ['fields'] }).after;
    assert.deepEqual(JSON.parse(after).nodes[0].params, {});
    after = run(after, { type: 'updateNodeSettings', node: 'a', settings: { onError: { strategy: 'retry', retries: 2 }, timeoutMs: 500, disabled: true } }).after;
    assert.deepEqual(JSON.parse(after).nodes[0].onError, { strategy: 'retry', retries: 2 });
    assert.equal(JSON.parse(after).nodes[0].disabled, true);
    after = run(after, { type: 'updateNodeSettings', node: 'a', settings: { onError: null, timeoutMs: null, disabled: false } }).after;
    const node = JSON.parse(after).nodes[0];
    assert.equal('onError' in node || 'timeoutMs' in node || 'disabled' in node, false);
  });

  it('pastes copies with fresh ids, remapped connections, placed at the drop point', () => {
    const { after, result } = run(text, { type: 'paste', nodes: base.nodes, connections: base.connections, at: { x: 500, y: 300 } });
    assert.ok(result.ok);
    assert.deepEqual(result.created, ['a-2', 'b-2']);
    const doc = JSON.parse(after);
    assert.deepEqual(doc.nodes[2].position, { x: 500, y: 300 });
    assert.deepEqual(doc.nodes[3].position, { x: 700, y: 300 });
    assert.equal(doc.nodes[2]['x-note'], 'keep me');
    assert.deepEqual(doc.connections[1], { from: { node: 'a-2', port: 'main' }, to: { node: 'b-2', port: 'main' } });
  });

  it('never edits a file that does not parse, and says where it broke', () => {
    const broken = text.replace('"name": "Demo",', '"name": "Demo"');
    const result = applyIntent(broken, BoardIntent.parse({ type: 'renameMelody', name: 'x' }), ops);
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /line 4, column \d+/);
  });

  it('refuses edits to a node the text editor removed', () => {
    const result = applyIntent(text, BoardIntent.parse({ type: 'moveNodes', moves: [{ id: 'zz', position: { x: 0, y: 0 } }] }), ops);
    assert.match(!result.ok ? result.reason : '', /no node "zz"/);
  });
});
