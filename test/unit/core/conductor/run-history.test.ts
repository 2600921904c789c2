import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Conductor, ConductorConfigSchema, RunHistory } from '../../../../src/core/conductor/index';
import type { Melody } from '../../../../src/core/melody/index';
import { link, melody, node, testRegistry } from './test-operators';

describe('conductor: run history', () => {
  let root: string;
  beforeEach(async () => (root = await fs.mkdtemp(path.join(os.tmpdir(), 'symphony-history-'))));
  afterEach(async () => fs.rm(root, { recursive: true, force: true }));

  const m = melody([node('a', 'test.source', { params: { items: [{ v: 1 }] } }), node('b', 'test.pass')], [link('a', 'b')], { name: 'Daily Report!' }) as Melody;

  it('writes every run to .symphony/runs/<timestamp>-<name>.json with its result', async () => {
    const c = new Conductor({ registry: testRegistry(), workspaceRoot: root });
    const result = await c.run(m, { file: 'daily.melody' });
    assert.ok(result.historyFile);
    assert.equal(path.dirname(result.historyFile), path.join(root, '.symphony', 'runs'));
    assert.match(path.basename(result.historyFile), /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-daily-report\.json$/);
    const stored = JSON.parse(await fs.readFile(result.historyFile, 'utf8'));
    assert.equal(stored.format, 'symphony-run/1');
    assert.equal(stored.file, 'daily.melody');
    assert.equal(stored.status, 'Completed');
    assert.deepEqual(stored.nodes.b.outputs, [[{ json: { v: 1 }, pairedItem: { item: 0 } }]]);
    const leftovers = (await fs.readdir(path.dirname(result.historyFile))).filter((f) => f.endsWith('.tmp'));
    assert.deepEqual(leftovers, []);
  });

  it('keeps at most maxRuns runs, removing the oldest', async () => {
    const c = new Conductor({ registry: testRegistry(), workspaceRoot: root, config: ConductorConfigSchema.parse({ history: { maxRuns: 3 } }) });
    const files: string[] = [];
    for (let k = 0; k < 5; k++) files.push((await c.run(m)).historyFile!);
    const kept = await new RunHistory(path.join(root, '.symphony', 'runs'), 3).list();
    assert.deepEqual(kept, files.slice(2));
  });

  it('two runs in the same millisecond get distinct files, newest sorting last', async () => {
    const h = new RunHistory(path.join(root, 'runs'), 10);
    const run = (await new Conductor({ registry: testRegistry(), workspaceRoot: root, history: false }).run(m));
    const one = await h.write(run);
    const two = await h.write(run);
    assert.notEqual(one, two);
    assert.deepEqual(await h.list(), [one, two]);
  });

  it('writes nothing when history is disabled', async () => {
    const c = new Conductor({ registry: testRegistry(), workspaceRoot: root, config: ConductorConfigSchema.parse({ history: { enabled: false } }) });
    assert.equal((await c.run(m)).historyFile, undefined);
    await assert.rejects(fs.access(path.join(root, '.symphony')));
  });

  it('a history folder that cannot be written gives a warning and the result, never an error', async () => {
    await fs.mkdir(path.join(root, '.symphony'));
    await fs.writeFile(path.join(root, '.symphony', 'runs'), 'not a folder');
    const result = await new Conductor({ registry: testRegistry(), workspaceRoot: root }).run(m);
    assert.equal(result.status, 'Completed');
    assert.equal(result.historyFile, undefined);
    assert.deepEqual(result.diagnostics.map((d) => [d.severity, d.code]), [['warning', 'RunHistoryNotWritten']]);
  });
});
