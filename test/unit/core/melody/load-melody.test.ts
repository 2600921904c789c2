import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  addConnection, conformsToMelodyShape, loadMelodyFile, MelodySchema, MigrationRegistry, migrate, parseMelodyText, removeNode, saveMelodyFile,
  serializeMelody, setNodeParam, updateNode,
} from '../../../../src/core/melody/index';
import { JsonPositions } from '../../../../src/core/melody/json-positions';

const fixture = path.resolve(__dirname, '../../../fixtures/melody/unknown-fields.melody');

describe('melody loading and saving', () => {
  it('saves an unedited melody byte for byte: unknown fields, key order and indentation kept', async () => {
    const text = await fs.readFile(fixture, 'utf8');
    const loaded = parseMelodyText(text, fixture);
    assert.deepEqual(loaded.diagnostics, []);
    assert.equal(serializeMelody(loaded.doc!, loaded.style), text);
  });

  it('an edit changes only what it touches, and unknown fields survive it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'symphony-melody-'));
    try {
      const file = path.join(dir, 'm.melody');
      await fs.copyFile(fixture, file);
      const loaded = await loadMelodyFile(file);
      const doc = loaded.doc!;
      assert.ok(setNodeParam(doc, 'start', 'items', [{ a: 2 }]));
      assert.ok(updateNode(doc, 'end', { name: 'Finish', disabled: true }));
      await saveMelodyFile(file, doc, loaded.style);
      const again = JSON.parse(await fs.readFile(file, 'utf8'));
      assert.deepEqual(again['x-board'], { zoom: 1.5, viewport: [0, 0] });
      assert.deepEqual(again.nodes[0].futureField, { nested: [1, 2, 3] });
      assert.deepEqual(Object.keys(again.nodes[0]), ['id', 'operator', 'futureField', 'params', 'position']);
      assert.deepEqual(Object.keys(again.nodes[0].params), ['items', 'z-last']);
      assert.deepEqual(again.nodes[0].params.items, [{ a: 2 }]);
      assert.deepEqual(Object.keys(again.nodes[1]), ['operator', 'id', 'name', 'disabled']);
      assert.equal(again.connections[0].label, 'data');
      assert.equal(again.trailer, null);
      assert.deepEqual(Object.keys(again), ['format', 'name', 'x-board', 'nodes', 'connections', 'trailer']);
      assert.deepEqual((await fs.readdir(dir)).sort(), ['m.melody']);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('removing a node removes its connections; adding a connection twice is refused', async () => {
    const doc = parseMelodyText(await fs.readFile(fixture, 'utf8')).doc!;
    assert.equal(addConnection(doc, { from: { node: 'start' }, to: { node: 'end', port: 'main' } }), false);
    assert.ok(removeNode(doc, 'end'));
    assert.deepEqual(doc.connections, []);
  });

  it('migrates older formats through the registry, step by step', () => {
    const registry = new MigrationRegistry('melody/3');
    registry.register('melody/1', 'melody/2', (d) => ({ ...d, format: 'melody/2', steps: ['1→2'] }));
    registry.register('melody/2', 'melody/3', (d) => ({ ...d, format: 'melody/3', steps: [...(d.steps as string[]), '2→3'] }));
    const result = registry.migrate({ format: 'melody/1', name: 'old', nodes: [] });
    assert.deepEqual(result.steps, ['melody/1', 'melody/2']);
    assert.deepEqual(result.doc, { format: 'melody/3', name: 'old', nodes: [], steps: ['1→2', '2→3'] });
    assert.deepEqual(result.diagnostics, []);
  });

  it('melody/1 is current; unknown or newer formats are diagnostics', () => {
    const current = { format: 'melody/1', name: 'x', nodes: [] };
    assert.equal(migrate(current).doc, current);
    assert.match(migrate({ format: 'melody/7', nodes: [] }).diagnostics[0]!.fix!, /newer Symphony/);
    assert.equal(migrate({ nodes: [] }).diagnostics[0]!.code, 'UnsupportedFormat');
    assert.equal(migrate([]).diagnostics[0]!.code, 'InvalidMelody');
  });

  it('the fast shape check never accepts what the schema rejects', () => {
    const good = { format: 'melody/1', name: 'n', nodes: [{ id: 'a', operator: 'x.y', params: {}, position: { x: 1, y: 2 }, extra: 1 }], connections: [{ from: { node: 'a' }, to: { node: 'a', port: 0 } }] };
    assert.equal(conformsToMelodyShape(good), true);
    assert.equal(MelodySchema.safeParse(good).success, true);
    const broken: Array<Record<string, unknown>> = [
      { ...good, format: 'melody/2' },
      { ...good, name: '' },
      { ...good, name: 3 },
      { ...good, nodes: {} },
      { ...good, nodes: [{ id: '', operator: 'x.y' }] },
      { ...good, nodes: [{ id: 'a' }] },
      { ...good, nodes: [{ id: 'a', operator: 'x.y', params: [] }] },
      { ...good, nodes: [{ id: 'a', operator: 'x.y', position: { x: '1', y: 0 } }] },
      { ...good, nodes: [{ id: 'a', operator: 'x.y', disabled: 'yes' }] },
      { ...good, nodes: [{ id: 'a', operator: 'x.y', onError: { strategy: 'nope' } }] },
      { ...good, nodes: [{ id: 'a', operator: 'x.y', timeoutMs: -1 }] },
      { ...good, nodes: [{ id: 'a', operator: 'x.y', name: 5 }] },
      { ...good, nodes: [null] },
      { ...good, connections: [{ from: { node: 'a', port: -1 }, to: { node: 'a' } }] },
      { ...good, connections: [{ from: { node: 'a', port: 1.5 }, to: { node: 'a' } }] },
      { ...good, connections: [{ from: { node: 'a' } }] },
      { ...good, connections: {} },
      { ...good, config: { concurrency: 0 } },
      { ...good, description: 1 },
    ];
    for (const doc of broken) {
      assert.equal(MelodySchema.safeParse(doc).success, false, JSON.stringify(doc));
      assert.equal(conformsToMelodyShape(doc), false, JSON.stringify(doc));
    }
  });

  it('maps paths to lines and columns, including CRLF files', () => {
    const text = '{\r\n  "a": [1,\r\n    {"b": true}]\r\n}';
    const p = new JsonPositions(text);
    assert.deepEqual(p.positionOf('a[1].b'), { line: 3, column: 11 });
    assert.deepEqual(p.positionOf('a[1].missing'), { line: 3, column: 5 });
    assert.deepEqual(p.positionOf('a'), { line: 2, column: 8 });
    assert.equal(new JsonPositions('{"a": [1,]}').syntaxError()?.offset, 9);
  });
});
