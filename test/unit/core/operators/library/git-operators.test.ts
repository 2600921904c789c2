import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gitCommit, gitDiff, gitLog, gitStatus } from '../../../../../src/core/operators/git/git-operators';
import { run } from './test-context';

describe('git operators (real repository)', () => {
  let root: string;
  const sh = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-git-'));
    sh('init', '-q', '-b', 'main');
    sh('config', 'user.email', 'dev@example.com');
    sh('config', 'user.name', 'Dev');
    fs.writeFileSync(path.join(root, 'a.txt'), 'one\n');
    sh('add', '.');
    sh('commit', '-qm', 'first');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reports modified, staged and untracked files', async () => {
    fs.writeFileSync(path.join(root, 'a.txt'), 'two\n');
    fs.writeFileSync(path.join(root, 'new.txt'), 'x');
    fs.writeFileSync(path.join(root, 'staged.txt'), 'y');
    sh('add', 'staged.txt');
    const [items] = await run(gitStatus, root, {});
    const byPath = Object.fromEntries(items!.map((i) => [i.json.path, i.json]));
    assert.equal(byPath['a.txt']!.status, 'modified');
    assert.equal(byPath['new.txt']!.status, 'untracked');
    assert.equal(byPath['staged.txt']!.staged, true);
  });

  it('diffs with per-file counts', async () => {
    fs.writeFileSync(path.join(root, 'a.txt'), 'one\nmore\n');
    const [[item]] = (await run(gitDiff, root, {})) as [[{ json: { diff: string; files: Array<{ path: string; added: number }> } }]];
    assert.match(item.json.diff, /\+more/);
    assert.deepEqual(item.json.files, [{ path: 'a.txt', added: 1, removed: 0 }]);
  });

  it('commits all changes and shows them in the log', async () => {
    fs.writeFileSync(path.join(root, 'b.txt'), 'b');
    const [[commit]] = (await run(gitCommit, root, { message: 'add b\n\nwith body', stage: 'all' })) as [[{ json: { hash: string } }]];
    assert.match(commit.json.hash, /^[0-9a-f]{40}$/);
    const [log] = await run(gitLog, root, { maxCount: 5 });
    assert.deepEqual(log!.map((i) => i.json.subject), ['add b', 'first']);
    assert.equal(log![0]!.json.body, 'with body');
    await assert.rejects(run(gitCommit, root, { message: 'nothing' }), /nothing to commit/);
  });

  it('explains a folder that is not a repository, and refuses option-like refs', async () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-nogit-'));
    try {
      await assert.rejects(run(gitStatus, plain, {}), /not a git repository; run "git init"/);
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
    await assert.rejects(run(gitLog, root, { ref: '--output=/tmp/x' }), /must not start with "-"/);
  });
});
