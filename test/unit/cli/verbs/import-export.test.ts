import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../../src/cli/main';

const FIXTURE = path.resolve(__dirname, '../../../fixtures/n8n/round-trip-mixed.json');

async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { cwd, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('symphony import n8n / export n8n', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-cli-n8n-'));
    fs.copyFileSync(FIXTURE, path.join(dir, 'flow.json'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports a workflow into a melody file and exports it back', async () => {
    const imported = await cli(dir, 'import', 'n8n', 'flow.json', '-o', 'out/flow.melody');
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.out, /imported 9 nodes \(5 Symphony operators, 4 kept as n8n nodes\)/);
    const melody = JSON.parse(fs.readFileSync(path.join(dir, 'out/flow.melody'), 'utf8'));
    assert.equal(melody.format, 'melody/1');
    assert.equal(melody.nodes[1].id, 'Old Set');

    const exported = await cli(dir, 'export', 'n8n', 'out/flow.melody', '-o', 'back.json', '--json');
    assert.equal(exported.code, 0, exported.err);
    assert.equal(JSON.parse(exported.out).ok, true);
    const back = JSON.parse(fs.readFileSync(path.join(dir, 'back.json'), 'utf8'));
    const original = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
    assert.deepEqual(back.nodes.map((n: { name: string; type: string }) => [n.name, n.type]), original.nodes.map((n: { name: string; type: string }) => [n.name, n.type]));
    assert.deepEqual(back.nodes[3].credentials, original.nodes[3].credentials);
  });

  it('prints a machine-readable report with --json, node ids mapped to operators', async () => {
    const { code, out } = await cli(dir, 'import', 'n8n', 'flow.json', '--json');
    assert.equal(code, 0);
    const report = JSON.parse(out);
    assert.equal(report.output, path.join(dir, 'flow.melody'));
    assert.equal(report.nodes['Old If'], 'core.if');
    assert.ok(report.diagnostics.some((d: { code: string }) => d.code === 'UnmappedN8nNode'));
  });

  it('fails with exit 1 and a positioned diagnostic on broken JSON', async () => {
    fs.writeFileSync(path.join(dir, 'bad.json'), '{\n  "nodes": [\n}');
    const { code, err } = await cli(dir, 'import', 'n8n', 'bad.json');
    assert.equal(code, 1);
    assert.match(err, /bad\.json:3:\d+.*InvalidJson/);
  });

  it('fails with exit 1 on a missing file or an invalid melody', async () => {
    assert.equal((await cli(dir, 'import', 'n8n', 'nope.json')).code, 1);
    fs.writeFileSync(path.join(dir, 'x.melody'), '{"format":"melody/1"}');
    assert.equal((await cli(dir, 'export', 'n8n', 'x.melody')).code, 1);
  });

  it('exits 2 on usage errors', async () => {
    assert.equal((await cli(dir, 'import', 'zapier', 'flow.json')).code, 2);
    assert.equal((await cli(dir, 'import', 'n8n')).code, 2);
    assert.equal((await cli(dir, 'export', 'n8n')).code, 2);
  });
});
