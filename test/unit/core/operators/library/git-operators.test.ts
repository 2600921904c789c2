import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gitCommit, gitDiff, gitLog, gitStatus } from '../../../../../src/core/operators/git/git-operators';
import { cliGitBackend } from '../../../../../src/core/operators/git/git-cli';
import { run } from './test-context';

/** A new, empty git repository in a temp folder, on branch main, with an author set. */
function newRepository(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-git-'));
  for (const args of [['init', '-q', '-b', 'main'], ['config', 'user.email', 'dev@example.com'], ['config', 'user.name', 'Dev']]) execFileSync('git', args, { cwd: root });
  return root;
}

describe('git operators (real repository)', () => {
  let root: string;
  const sh = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  beforeEach(() => {
    root = newRepository();
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

describe('git operators: edge cases both backends share', () => {
  let root: string;
  const sh = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  beforeEach(() => {
    root = newRepository();
    fs.writeFileSync(path.join(root, 'a.txt'), 'one\ntwo\nthree\n');
    fs.writeFileSync(path.join(root, 'logo.bin'), Buffer.from([0, 1, 2, 3]));
    sh('add', '.');
    sh('commit', '-qm', 'first');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('counts lines per file from the diff text: renames, binaries and unusual names', async () => {
    sh('mv', 'a.txt', 'b.txt');
    fs.appendFileSync(path.join(root, 'b.txt'), 'four\n');
    fs.writeFileSync(path.join(root, 'logo.bin'), Buffer.from([0, 9, 9]));
    fs.writeFileSync(path.join(root, 'é "q".txt'), 'x\n');
    sh('add', '--all');
    const [[item]] = (await run(gitDiff, root, { staged: true })) as [[{ json: { files: unknown[] } }]];
    assert.deepEqual(item.json.files, [
      { path: 'b.txt', added: 1, removed: 0 },
      { path: 'logo.bin', added: null, removed: null },
      { path: 'é "q".txt', added: 1, removed: 0 },
    ]);
    const [status] = await run(gitStatus, root, {});
    assert.deepEqual(status!.map((i) => [i.json.path, i.json.from ?? null, i.json.status]), [
      ['b.txt', 'a.txt', 'renamed'],
      ['logo.bin', null, 'modified'],
      ['é "q".txt', null, 'added'],
    ]);
  });

  it('reads the subject as git does (first paragraph on one line) and dates in UTC, whatever the author\'s zone', async () => {
    fs.writeFileSync(path.join(root, 'c.txt'), 'c');
    sh('add', 'c.txt');
    execFileSync('git', ['commit', '-q', '-m', 'Two-line\nsubject\n\nBody one.\n\nBody two.'], { cwd: root, env: { ...process.env, GIT_AUTHOR_DATE: '2024-03-02T11:00:00+02:00' } });
    const [[latest]] = (await run(gitLog, root, { maxCount: 1 })) as [[{ json: { subject: string; body: string; date: string; shortHash: string; hash: string } }]];
    assert.equal(latest.json.subject, sh('log', '-1', '--format=%s').trim());
    assert.equal(latest.json.subject, 'Two-line subject');
    assert.equal(latest.json.body, 'Body one.\n\nBody two.');
    assert.equal(latest.json.date, '2024-03-02T09:00:00+00:00');
    assert.ok(latest.json.hash.startsWith(latest.json.shortHash));
  });

  it('uses the git backend the host offers in ctx.services.git', async () => {
    const calls: string[] = [];
    const recording = { ...cliGitBackend, name: 'recording', status: (call: Parameters<typeof cliGitBackend.status>[0], o: { untracked: boolean }) => (calls.push(`status ${o.untracked}`), cliGitBackend.status(call, o)) };
    fs.writeFileSync(path.join(root, 'new.txt'), 'n');
    const [items] = await run(gitStatus, root, { untracked: false }, [[]], { git: recording });
    assert.deepEqual(calls, ['status false']);
    assert.deepEqual(items, [], 'untracked files are left out when asked');
  });
});
