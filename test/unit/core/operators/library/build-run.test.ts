import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRun } from '../../../../../src/core/operators/build/build-run';
import { buildTask } from '../../../../../src/core/operators/build/build-task';
import { contextFor, run } from './test-context';

describe('build operators', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-build-'));
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ scripts: { hello: 'echo hello-from-npm' } }));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('captures stdout, stderr and exit code and streams lines to the log', async () => {
    const ctx = contextFor(buildRun, root, { command: 'echo out; echo err 1>&2; exit 3', failOnError: false });
    const [[item]] = (await buildRun.execute(ctx, [[]], new AbortController().signal)) as [[{ json: Record<string, unknown> }]];
    assert.equal(item.json.exitCode, 3);
    assert.equal(item.json.stdout, 'out\n');
    assert.equal(item.json.stderr, 'err\n');
    assert.ok(ctx.logs.some((l) => l.includes('out')));
  });

  it('fails with the tail of the output when the command fails', async () => {
    await assert.rejects(run(buildRun, root, { command: 'echo broken >&2; exit 2' }), /exited with 2:\nbroken/);
  });

  it('runs npm scripts and names a missing one', async () => {
    const [[item]] = (await run(buildRun, root, { script: 'hello' })) as [[{ json: { stdout: string } }]];
    assert.match(item.json.stdout, /hello-from-npm/);
    await assert.rejects(run(buildRun, root, { script: 'nope' }), /no script "nope"/);
  });

  it('stops a command at its timeout and on cancel, killing its children', async () => {
    const started = Date.now();
    await assert.rejects(run(buildRun, root, { command: 'sleep 5 & sleep 5; wait', timeoutMs: 200 }), /did not finish within 200 ms/);
    assert.ok(Date.now() - started < 3000);
    const abort = new AbortController();
    const pending = buildRun.execute(contextFor(buildRun, root, { command: 'sleep 5' }), [[]], abort.signal);
    setTimeout(() => abort.abort(new Error('user cancelled')), 100);
    await assert.rejects(pending, /user cancelled/);
  });

  it('build.task explains it needs the editor', async () => {
    await assert.rejects(run(buildTask, root, { task: 'npm: build' }), /needs the editor/);
  });
});
