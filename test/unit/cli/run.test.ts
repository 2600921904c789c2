import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../../src/cli/main';

const repoRoot = path.resolve(__dirname, '../../..');
const n8nFixtures = path.resolve(repoRoot, '../shared/fixtures/n8n');

/** Runs `symphony …` in process with `cwd` as the working directory. */
async function symphony(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const greeting = {
  format: 'melody/1',
  name: 'Greeting',
  nodes: [
    { id: 'start', operator: 'core.manual-trigger' },
    { id: 'greet', operator: 'core.set', params: { fields: { greeting: 'hello' }, includeOtherFields: true } },
    { id: 'done', operator: 'core.noop' },
  ],
  connections: [
    { from: { node: 'start' }, to: { node: 'greet' } },
    { from: { node: 'greet' }, to: { node: 'done' } },
  ],
};

describe('symphony run', () => {
  let cwd: string;
  beforeEach(() => (cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-run-'))));
  afterEach(() => fs.rmSync(cwd, { recursive: true, force: true }));
  const write = (name: string, doc: unknown) => fs.writeFileSync(path.join(cwd, name), typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));

  it('--json prints exactly status and, per node, state and the json of each output port', async () => {
    write('greeting.melody', greeting);
    const { code, stdout } = await symphony(cwd, 'run', 'greeting.melody', '--json');
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), {
      status: 'Completed',
      nodes: {
        start: { state: 'Completed', outputs: [[{}]] },
        greet: { state: 'Completed', outputs: [[{ greeting: 'hello' }]] },
        done: { state: 'Completed', outputs: [[{ greeting: 'hello' }]] },
      },
    });
    const runs = fs.readdirSync(path.join(cwd, '.symphony', 'runs'));
    assert.equal(runs.length, 1);
    assert.match(runs[0]!, /-greeting\.json$/);
  });

  it('prints a human summary and passes --input items to the first nodes', async () => {
    write('m.melody', { ...greeting, nodes: greeting.nodes.slice(1), connections: greeting.connections.slice(1) });
    const { code, stdout } = await symphony(cwd, 'run', 'm.melody', '--input', '[{"name":"a"},{"name":"b"}]');
    assert.equal(code, 0);
    assert.match(stdout, /^Greeting — Completed in \d+ ms \(2 completed\)/);
    assert.match(stdout, /✓ greet +2 items/);
    const json = JSON.parse((await symphony(cwd, 'run', 'm.melody', '--input', '{"name":"a"}', '--json')).stdout);
    assert.deepEqual(json.nodes.done.outputs, [[{ name: 'a', greeting: 'hello' }]]);
  });

  it('an invalid melody exits 1 with diagnostics that name the file, line and node', async () => {
    write('bad.melody', { ...greeting, nodes: [...greeting.nodes, { id: 'x', operator: 'core.sett' }] });
    const { code, stdout } = await symphony(cwd, 'run', 'bad.melody', '--json');
    assert.equal(code, 1);
    const json = JSON.parse(stdout);
    assert.equal(json.status, 'Failed');
    const d = json.diagnostics.find((x: { code: string }) => x.code === 'UnknownOperator');
    assert.equal(d.path, 'nodes[3].operator');
    assert.equal(d.fix, 'did you mean "core.set"?');
    assert.equal(d.file, path.join(cwd, 'bad.melody'));
    assert.equal(typeof d.line, 'number');
    const human = await symphony(cwd, 'run', 'bad.melody');
    assert.match(human.stderr, /bad\.melody:\d+:\d+ — nodes\[3\]\.operator: error UnknownOperator/);
  });

  it('a failing node exits 1 and reports its error under the node', async () => {
    write('fail.melody', {
      ...greeting,
      nodes: [greeting.nodes[0], { id: 'broken', operator: 'n8n.n8n-nodes-base.slack', params: { channel: '#general' } }],
      connections: [{ from: { node: 'start' }, to: { node: 'broken' } }],
    });
    const { code, stdout } = await symphony(cwd, 'run', 'fail.melody', '--json');
    assert.equal(code, 1);
    const json = JSON.parse(stdout);
    assert.equal(json.status, 'Failed');
    assert.equal(json.nodes.broken.state, 'Failed');
    assert.equal(json.nodes.broken.error.code, 'UnsupportedN8nNode');
    assert.match(json.nodes.broken.error.message, /broken/);
  });

  it('usage errors exit 2', async () => {
    assert.equal((await symphony(cwd, 'run')).code, 2);
    write('greeting.melody', greeting);
    assert.equal((await symphony(cwd, 'run', 'greeting.melody', '--input', '42')).code, 2);
    assert.equal((await symphony(cwd, 'run', 'greeting.melody', '--input', '{nope')).code, 2);
    assert.equal((await symphony(cwd, 'run', 'greeting.melody', '--bogus')).code, 2);
  });

  it('a missing file or broken JSON exits 1 with a positioned diagnostic', async () => {
    assert.equal((await symphony(cwd, 'run', 'none.melody')).code, 1);
    write('broken.melody', '{\n  "format": "melody/1",\n  "nodes": [,]\n}');
    const { code, stdout } = await symphony(cwd, 'run', 'broken.melody', '--json');
    assert.equal(code, 1);
    assert.deepEqual(JSON.parse(stdout).diagnostics.map((d: { code: string; line: number }) => [d.code, d.line]), [['InvalidJson', 3]]);
  });

  it('runs an n8n workflow file directly, keyed by n8n node names, with n8n\'s results', async function () {
    const workflow = path.join(n8nFixtures, 'switch-rules.workflow.json');
    if (!fs.existsSync(workflow)) return this.skip(); // ../shared/fixtures/n8n is not present on this machine
    const expected = JSON.parse(fs.readFileSync(path.join(n8nFixtures, 'switch-rules.expected.json'), 'utf8'));
    const { code, stdout } = await symphony(cwd, 'run', workflow, '--json');
    assert.equal(code, 0);
    const json = JSON.parse(stdout);
    for (const [name, outputs] of Object.entries(expected.nodes)) {
      assert.equal(json.nodes[name].state, 'Completed', name);
      assert.deepEqual(json.nodes[name].outputs, outputs, name);
    }
    assert.equal(json.nodes['Handle returned'].state, 'Skipped');
  });
});
