// The git operators through VS Code's built-in git extension and through the git CLI, on the same
// real repository in a temp folder: every operator's items must be identical, so a melody gives
// the same output in the editor and in `symphony run`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Operator, OperatorServices, PortItems } from '../../src/core/operators/operator';
import type { GitBackend } from '../../src/core/operators/git/git-backend';
import { cliGitBackend } from '../../src/core/operators/git/git-cli';
import { gitCommit, gitDiff, gitLog, gitStatus } from '../../src/core/operators/git/git-operators';
import { VsCodeGitBackend } from '../../src/host/operators/vscode-git-backend';
import type { GitExtensionExports } from '../../src/host/operators/vscode-git-api';
import { contextFor } from '../unit/core/operators/library/test-context';

/** A fallback that fails the test: the VS Code backend must answer these calls itself. */
const noFallback: GitBackend = new Proxy({ name: 'no fallback' } as GitBackend, {
  get: (target, key) => (key === 'name' ? target.name : () => Promise.reject(new Error(`the VS Code backend fell back to the CLI for ${String(key)}`))),
});

describe('git operators: VS Code git extension and git CLI give the same items', function () {
  this.timeout(60_000);
  let root: string;
  const sh = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  const write = (name: string, text: string) => fs.writeFileSync(path.join(root, name), text);
  const viaEditor: OperatorServices = { git: new VsCodeGitBackend({ fallback: noFallback }) };
  const viaCli: OperatorServices = { git: cliGitBackend };
  const run = (op: Operator, params: Record<string, unknown>, services: OperatorServices): Promise<PortItems> =>
    op.execute(contextFor(op, root, params as never, services), [[{ json: {} }]], new AbortController().signal);
  const both = async (op: Operator, params: Record<string, unknown> = {}) => {
    const editor = await run(op, params, viaEditor);
    const cli = await run(op, params, viaCli);
    assert.deepEqual(editor, cli, `${op.description.id} ${JSON.stringify(params)}: the git extension's items differ from the CLI's`);
    return editor;
  };

  before(async function () {
    const git = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
    if (!git) this.skip(); // code-server always bundles it; a build without it uses the CLI only
    const exports = await git.activate();
    assert.ok(exports.enabled, 'the git extension is enabled');
  });

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-git-it-')));
    sh('init', '-q', '-b', 'main');
    sh('config', 'user.email', 'dev@example.com');
    sh('config', 'user.name', 'Dev');
    write('a.txt', 'one\ntwo\n');
    write('gone.txt', 'bye\n');
    write('old-name.txt', 'a file that moves\nwith two lines\n');
    sh('add', '.');
    sh('commit', '-qm', 'first\n\nThe first commit.');
    write('b.txt', 'b\n');
    sh('add', 'b.txt');
    sh('commit', '-qm', 'second');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('git.status: modified, staged, renamed, deleted and untracked files', async () => {
    write('a.txt', 'one\ntwo\nthree\n');
    write('staged.txt', 'new\n');
    sh('add', 'staged.txt');
    sh('mv', 'old-name.txt', 'new-name.txt');
    fs.rmSync(path.join(root, 'gone.txt'));
    fs.mkdirSync(path.join(root, 'dir'));
    write('dir/untracked.txt', 'u\n');
    write('b.txt', 'b changed\n');
    sh('add', 'b.txt');
    write('b.txt', 'b changed twice\n');
    const [items] = await both(gitStatus);
    assert.deepEqual(items!.map((i) => `${i.json.index || '.'}${i.json.workingTree || '.'} ${i.json.path}${i.json.from ? ` <- ${i.json.from}` : ''}`), [
      '.M a.txt',
      'MM b.txt',
      '.D gone.txt',
      'R. new-name.txt <- old-name.txt',
      'A. staged.txt',
      '?? dir/untracked.txt',
    ]);
    const [tracked] = await both(gitStatus, { untracked: false });
    assert.equal(tracked!.length, 5);
  });

  it('git.diff: the working tree, the index, and one path against a ref', async () => {
    write('a.txt', 'one\n2\n');
    write('b.txt', 'b\nmore\n');
    sh('add', 'b.txt');
    const [[work]] = await both(gitDiff);
    assert.deepEqual(work!.json.files, [{ path: 'a.txt', added: 1, removed: 1 }]);
    const [[staged]] = await both(gitDiff, { staged: true });
    assert.deepEqual(staged!.json.files, [{ path: 'b.txt', added: 1, removed: 0 }]);
    const [[againstRef]] = await both(gitDiff, { ref: 'HEAD~1', paths: ['b.txt'] });
    assert.match(String(againstRef!.json.diff), /new file mode/);
    await both(gitDiff, { ref: 'HEAD~1', paths: ['b.txt'], staged: true });
  });

  it('git.log: commits, a limit and a path', async () => {
    const [all] = await both(gitLog);
    assert.deepEqual(all!.map((i) => [i.json.subject, i.json.body]), [['second', ''], ['first', 'The first commit.']]);
    const [one] = await both(gitLog, { maxCount: 1 });
    assert.equal(one!.length, 1);
    const [touching] = await both(gitLog, { path: 'a.txt' });
    assert.deepEqual(touching!.map((i) => i.json.subject), ['first']);
  });

  it('git.commit: staging all, then the same log from both backends; nothing to commit is explained', async () => {
    write('c.txt', 'c\n');
    write('a.txt', 'changed\n');
    const [[made]] = await run(gitCommit, { message: 'third\n\nfrom the editor', stage: 'all' }, viaEditor);
    assert.equal(made!.json.hash, sh('rev-parse', 'HEAD').trim());
    assert.deepEqual(Object.keys(made!.json), ['hash', 'message']);
    assert.equal(sh('status', '--porcelain'), '', 'stage "all" committed the new and the changed file');
    const [log] = await both(gitLog, { maxCount: 1 });
    assert.deepEqual([log![0]!.json.subject, log![0]!.json.body], ['third', 'from the editor']);
    await assert.rejects(run(gitCommit, { message: 'empty' }, viaEditor), /Node 1: nothing to commit — stage changes first/);
    write('d.txt', 'd\n');
    write('e.txt', 'e\n');
    await run(gitCommit, { message: 'only d', stage: 'paths', paths: ['d.txt'] }, viaEditor);
    assert.equal(sh('status', '--porcelain'), '?? e.txt\n');
    const api = (await vscode.extensions.getExtension<GitExtensionExports>('vscode.git')!.activate()).getAPI(1);
    assert.ok(api.getRepository(vscode.Uri.file(root)), 'the repository is open in the git extension');
  });

  it('falls back to the CLI for a folder that is not a repository, and says why', async () => {
    const plain = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-nogit-it-')));
    const reasons: string[] = [];
    const backend = new VsCodeGitBackend({ fallback: cliGitBackend, onFallback: (folder, reason) => reasons.push(`${folder}: ${reason}`) });
    try {
      await assert.rejects(gitStatus.execute(contextFor(gitStatus, plain, {}, { git: backend }), [[]], new AbortController().signal), /is not a git repository; run "git init"/);
      assert.deepEqual(reasons, [`${plain}: the folder is not a repository open in the git extension`]);
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });
});
