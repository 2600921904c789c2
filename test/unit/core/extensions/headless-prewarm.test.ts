// `symphony run` starts a strict sandbox child as soon as the melody is known to use a strict
// sub-extension's operator, so the operator's first call moves into a running child.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDefaultRegistry } from '../../../../src/core/conductor/default-registry';
import { openHeadlessExtensions, type HeadlessExtensions } from '../../../../src/core/extensions/headless-extensions';
import { buildWorker, REPO_ROOT } from '../sandbox/worker-bundle';

/** Pids of this process's child processes (Linux `ps`), but for the `ps` that lists them. */
function childPids(): number[] {
  return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([pid, comm]) => Number(pid) > 0 && comm !== 'ps')
    .map(([pid]) => Number(pid));
}

describe('headless sub-extensions: strict sandbox started ahead of the first call', function () {
  this.timeout(60_000);
  let dir: string;
  let extensions: HeadlessExtensions | undefined;

  // The child that makes a code cache would be counted too: these runs use none.
  before(() => (process.env.SYMPHONY_CODE_CACHE = 'off'));
  after(() => delete process.env.SYMPHONY_CODE_CACHE);

  beforeEach(function () {
    if (process.platform !== 'linux') this.skip(); // counts children with Linux ps
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-prewarm-'));
    fs.cpSync(path.join(REPO_ROOT, 'test/fixtures/run-with-extensions/.symphony/extensions/upper'), path.join(dir, 'upper'), { recursive: true });
  });
  afterEach(async () => {
    await extensions?.dispose();
    extensions = undefined;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const open = async () =>
    openHeadlessExtensions([{ dir, source: 'dir' }], createDefaultRegistry(), { workspaceRoot: dir, workerPath: await buildWorker() });

  it('starts one child when the melody uses a strict extension\'s operator, and the operator runs in it', async () => {
    extensions = await open();
    const before = childPids();
    assert.equal(extensions.prewarmFor(['core.manual-trigger', 'upper.shout']), true);
    const started = childPids().filter((p) => !before.includes(p));
    assert.equal(started.length, 1, 'one sandbox child started before any call');
    await extensions.host.activate('upper');
    const running = extensions.host.get('upper')?.running;
    assert.ok(running, 'upper is running');
    assert.deepEqual(await running.invoke('upper.shout', { items: [{ text: 'hi' }], inputs: [[{ text: 'hi' }]], params: { field: 'text' }, node: { id: 'n', name: 'N' } }), [{ text: 'HI' }]);
    assert.deepEqual(childPids().filter((p) => !before.includes(p)), started, 'the extension moved into the prewarmed child');
  });

  it('starts nothing for a melody that uses no strict extension', async () => {
    extensions = await open();
    const before = childPids();
    assert.equal(extensions.prewarmFor(['core.manual-trigger', 'core.set']), false);
    assert.deepEqual(childPids().filter((p) => !before.includes(p)), []);
  });
});
