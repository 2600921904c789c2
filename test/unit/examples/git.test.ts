import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeRun, EXAMPLES, itemsByNode, runMelody } from './examples-workspace';

/** A real repository in a temp folder: two commits with fixed authors and dates, then edits. */
function makeRepository(): { dir: string; git: (...args: string[]) => string } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-git-example-')));
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Ada Lovelace', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada Lovelace', GIT_COMMITTER_EMAIL: 'ada@example.com' };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
  const commit = (message: string, date: string) => execFileSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message], { cwd: dir, env: { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
  git('init', '-q');
  fs.writeFileSync(path.join(dir, 'tides.txt'), 'Brest 06:12\nBrest 18:40\n');
  // The melody is copied in, as a user would keep it in their repository.
  fs.copyFileSync(path.join(EXAMPLES, 'git.melody'), path.join(dir, 'git.melody'));
  git('add', '.');
  commit('Add the Brest tides', '2024-03-01T09:00:00Z');
  fs.writeFileSync(path.join(dir, 'tides.txt'), 'Brest 06:12\nBrest 18:40\nBrest 07:01\nBrest 19:25\n');
  git('add', 'tides.txt');
  commit('Add the next day', '2024-03-02T09:00:00Z');
  // Uncommitted work: one line removed and one changed, plus a new file.
  fs.writeFileSync(path.join(dir, 'tides.txt'), 'Brest 06:12\nBrest 18:41\nBrest 07:01\n');
  fs.writeFileSync(path.join(dir, 'harbours.txt'), 'Brest\n');
  return { dir, git };
}

describe('examples/git.melody', () => {
  let repo: ReturnType<typeof makeRepository>;
  before(function () {
    try {
      execFileSync('git', ['--version'], { stdio: 'ignore' });
    } catch {
      this.skip(); // git is not installed here; .ci/run installs it
    }
  });
  beforeEach(() => (repo = makeRepository()));
  afterEach(() => fs.rmSync(repo.dir, { recursive: true, force: true }));

  it('lists the changes, the diff and the last commits of a real repository', async () => {
    const run = await runMelody(repo.dir, 'git.melody');
    assert.equal(run.code, 0, describeRun(run));
    const [second, first] = repo.git('log', '--format=%H').trim().split('\n');
    const diff = repo.git('diff', '--no-color', '--no-ext-diff');
    const commit = (hash: string, subject: string, date: string) => ({ hash, shortHash: hash.slice(0, 7), author: 'Ada Lovelace', email: 'ada@example.com', date, subject, body: '' });
    assert.deepEqual(itemsByNode(run), {
      start: [[{}]],
      status: [[
        { path: 'tides.txt', index: '', workingTree: 'M', staged: false, status: 'modified' },
        { path: 'harbours.txt', index: '?', workingTree: '?', staged: false, status: 'untracked' },
      ]],
      diff: [[{ diff, files: [{ path: 'tides.txt', added: 1, removed: 2 }] }]],
      log: [[commit(second!, 'Add the next day', '2024-03-02T09:00:00+00:00'), commit(first!, 'Add the Brest tides', '2024-03-01T09:00:00+00:00')]],
      changes: [[{ files: 1, added: 1, removed: 2 }]],
      subjects: [[{ subject: ['Add the next day', 'Add the Brest tides'] }]],
    });
    assert.match(diff, /^-Brest 18:40$/m, 'the diff the melody reports is the real one');
  });

  it('fails with a message saying what to do outside a repository', async () => {
    fs.rmSync(path.join(repo.dir, '.git'), { recursive: true, force: true });
    const run = await runMelody(repo.dir, 'git.melody');
    assert.equal(run.code, 1);
    assert.equal(run.status, 'Failed');
    // The first git node to fail stops the run; the others may be stopped before they finish.
    const errors = Object.values(run.nodes).flatMap((n) => (n.error && n.error.code !== 'Stopped' ? [n.error] : []));
    assert.ok(errors.length > 0, describeRun(run));
    for (const e of errors) {
      assert.equal(e.code, 'NotARepository');
      assert.match(e.message, /is not a git repository; run "git init"/);
    }
  });
});
