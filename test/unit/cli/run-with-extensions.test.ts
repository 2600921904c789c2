import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const fixture = path.join(root, 'test/fixtures/run-with-extensions');

describe('symphony run with workspace sub-extensions (built CLI, real sandbox and Python)', function () {
  this.timeout(60_000);
  let ws: string;
  before(function () {
    if (!fs.existsSync(cli) || !fs.existsSync(path.join(root, 'dist/sandbox-worker.js'))) {
      console.log('    (skipped: run "npm run build" first; this test drives dist/cli.js)');
      this.skip();
    }
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-run-ext-'));
    fs.cpSync(fixture, ws, { recursive: true });
  });
  after(() => ws && fs.rmSync(ws, { recursive: true, force: true }));

  it('runs a JS operator in its sandbox and a Python operator in a worker, in one melody', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'run', 'shout-and-count.melody', '--json'], { cwd: ws });
    const run = JSON.parse(stdout) as { status: string; nodes: Record<string, { state: string; outputs: unknown[][] }> };
    assert.equal(run.status, 'Completed', stdout);
    assert.deepEqual(run.nodes.shout!.outputs, [[{ text: 'HELLO BIG WORLD' }]]);
    assert.deepEqual(run.nodes.stats!.outputs, [[{ text: 'HELLO BIG WORLD', words: 3 }]]);
    assert.ok(fs.readdirSync(path.join(ws, '.symphony/runs')).length >= 1, 'the run is in the history');
  });

  it('says which operator is unknown when the extension folder is missing', async () => {
    fs.rmSync(path.join(ws, '.symphony/extensions/upper'), { recursive: true });
    const failed = await promisify(execFile)(process.execPath, [cli, 'run', 'shout-and-count.melody', '--json'], { cwd: ws }).then(
      () => undefined,
      (e: { code: number; stdout: string }) => e,
    );
    assert.equal(failed?.code, 1);
    assert.match(failed!.stdout, /upper\.shout/);
  });

  it('answers an ai.prompt node with the model of an instrument sub-extension', async () => {
    fs.cpSync(path.join(root, 'test/fixtures/operators/instruments/echo-model'), path.join(ws, '.symphony/extensions/echo-model'), { recursive: true });
    const trigger = { id: 'start', operator: 'core.manual-trigger', name: 'Start', position: { x: 0, y: 0 }, params: {} };
    const ask = { id: 'ask', operator: 'ai.prompt', name: 'Ask', position: { x: 200, y: 0 }, params: { provider: 'instrument', model: 'echo-1', prompt: 'Hello?' } };
    fs.writeFileSync(path.join(ws, 'ask.melody'), JSON.stringify({ format: 'melody/1', name: 'Ask', nodes: [trigger, ask], connections: [{ from: { node: 'start', port: 'main' }, to: { node: 'ask', port: 'main' } }] }));
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'run', 'ask.melody', '--json'], { cwd: ws });
    const run = JSON.parse(stdout) as { status: string; nodes: Record<string, { outputs: Array<Array<{ text: string; model: string }>> }> };
    assert.equal(run.status, 'Completed', stdout);
    assert.match(run.nodes.ask!.outputs[0]![0]!.text, /^echo-1 heard "Hello\?"/);
    assert.equal(run.nodes.ask!.outputs[0]![0]!.model, 'echo-1');
  });
});
