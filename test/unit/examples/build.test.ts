import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { copyExamples, describeRun, type ExampleWorkspace, itemsByNode, runMelody } from './examples-workspace';

describe('examples/build.melody', () => {
  let ws: ExampleWorkspace;
  beforeEach(() => (ws = copyExamples()));
  afterEach(() => ws.cleanup());

  it('runs node --version and the npm script "check" of examples/package.json', async function () {
    this.timeout(60_000);
    const run = await runMelody(ws.dir, 'build.melody');
    assert.equal(run.code, 0, describeRun(run));
    const nodeVersion = execFileSync('node', ['--version'], { encoding: 'utf8' });
    const items = itemsByNode(run);
    // durationMs differs from run to run; everything else is exact.
    const withoutDuration = (port: Array<Record<string, unknown>>) => port.map(({ durationMs, ...rest }) => (assert.equal(typeof durationMs, 'number'), rest));
    assert.deepEqual(withoutDuration(items['node-version']![0]!), [{ command: 'node --version', exitCode: 0, stdout: nodeVersion, stderr: '' }]);
    assert.deepEqual(withoutDuration(items.check![0]!).map(({ stderr: _stderr, ...rest }) => rest), [{ command: "npm run --silent 'check'", exitCode: 0, stdout: 'examples ok: symphony-examples\n' }]);
    assert.deepEqual(items.summary, [[{ node: nodeVersion.trim(), command: "npm run --silent 'check'", exitCode: 0, output: 'examples ok: symphony-examples' }]]);
  });

  it('fails the node, naming the script, when package.json lacks it', async () => {
    const pkg = path.join(ws.dir, 'package.json');
    fs.writeFileSync(pkg, JSON.stringify({ name: 'symphony-examples', private: true, scripts: {} }));
    const run = await runMelody(ws.dir, 'build.melody');
    assert.equal(run.code, 1);
    assert.equal(run.nodes.check!.state, 'Failed');
    assert.deepEqual(run.nodes.check!.error, { code: 'UnknownScript', message: 'npm run check: package.json in . has no script "check"' });
    assert.equal(run.nodes.summary!.state, 'Skipped');
  });
});
