// The real-path cache behind file permission checks must never answer with a path that leads
// somewhere it did not check: each test warms the cache, changes the disk the way an attacker with
// a shell would (within the cache's lifetime), and checks that the very next check sees where the
// path leads now — or, for a file checked a moment ago, that the answer still opens that same,
// unchanged file (see real-path.ts for why that is safe).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clearRealPathCache, MAX_CACHED_FILES, MAX_CACHED_FOLDERS, PermissionSet, REAL_PATH_CACHE_TTL_MS, realPathCacheSize, realPathOf } from '../../../../src/core/security';

describe('real paths for permission checks', () => {
  let root: string;
  let workspace: string;
  let outside: string;

  beforeEach(() => {
    clearRealPathCache();
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-realpath-')));
    workspace = path.join(root, 'ws');
    outside = path.join(root, 'outside');
    fs.mkdirSync(path.join(workspace, 'docs/sub'), { recursive: true });
    fs.mkdirSync(path.join(outside, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'docs/sub/a.md'), 'inside');
    fs.writeFileSync(path.join(outside, 'sub/a.md'), 'secret');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const readDocs = () => PermissionSet.from([{ name: 'fs.read', scope: ['docs/**'] }], { workspaceRoot: workspace, extensionDir: workspace }).set;

  /** Replaces `dir` with a symlink to `to`, as fast as a script could. */
  const swapForSymlink = (dir: string, to: string) => {
    fs.rmSync(dir, { recursive: true });
    fs.symlinkSync(to, dir);
  };

  /** Asserts that `target` leads where it says: no symlink in it now (up to what exists). */
  const assertReal = (target: string) => {
    let existing = target;
    while (!fs.existsSync(existing)) existing = path.dirname(existing);
    assert.equal(fs.realpathSync.native(existing), existing, `${target} leads elsewhere`);
  };

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Moves docs/sub (and its files: the same inodes) outside, and links it back in. */
  const moveOutAndLinkBack = () => {
    fs.rmSync(path.join(outside, 'sub'), { recursive: true });
    fs.renameSync(path.join(workspace, 'docs/sub'), path.join(outside, 'sub'));
    fs.symlinkSync(path.join(outside, 'sub'), path.join(workspace, 'docs/sub'));
  };

  it('answers like realpath for existing files, new files, folders and symlinks', () => {
    fs.symlinkSync(path.join(outside, 'sub'), path.join(workspace, 'docs/link'));
    for (const target of ['docs/sub/a.md', 'docs/sub', 'docs', 'docs/link', 'docs/link/a.md']) {
      assert.equal(realPathOf(target, workspace), fs.realpathSync.native(path.join(workspace, target)), target);
      assert.equal(realPathOf(target, workspace), fs.realpathSync.native(path.join(workspace, target)), `${target} (cached)`);
    }
    assert.equal(realPathOf('docs/new/deep/b.md', workspace), path.join(workspace, 'docs/new/deep/b.md'));
    assert.equal(realPathOf('docs/link/new/b.md', workspace), path.join(outside, 'sub/new/b.md'), 'a missing tail under a symlink');
    assert.equal(realPathOf('docs/sub/../../../outside/sub/a.md', workspace), path.join(outside, 'sub/a.md'));
  });

  it('sees a cached folder replaced by a symlink at once', () => {
    const set = readDocs();
    assert.equal(set.check('fs.read', 'docs/sub/a.md').inScope, true);
    assert.equal(set.check('fs.read', 'docs/sub/new.md').inScope, true);
    swapForSymlink(path.join(workspace, 'docs/sub'), path.join(outside, 'sub'));
    for (const target of ['docs/sub/a.md', 'docs/sub/new.md', 'docs/sub/x/y.md']) {
      const c = set.check('fs.read', target);
      assert.equal(c.inScope, false, target);
      assert.ok(c.target.startsWith(outside + path.sep), c.target);
    }
  });

  it('sees a folder above a cached one replaced by a symlink', () => {
    const set = readDocs();
    assert.equal(set.check('fs.read', 'docs/sub/a.md').inScope, true);
    // The attacker's copy has the same layout, so only the identity of docs/sub tells them apart.
    fs.mkdirSync(path.join(outside, 'docs/sub'), { recursive: true });
    fs.writeFileSync(path.join(outside, 'docs/sub/a.md'), 'secret');
    swapForSymlink(path.join(workspace, 'docs'), path.join(outside, 'docs'));
    const c = set.check('fs.read', 'docs/sub/a.md');
    assert.equal(c.inScope, false);
    assert.equal(c.target, path.join(outside, 'docs/sub/a.md'));
  });

  it('sees a cached folder moved out and linked back (same inode)', () => {
    const set = readDocs();
    fs.writeFileSync(path.join(workspace, 'docs/sub/b.md'), 'inside');
    assert.equal(set.check('fs.read', 'docs/sub/new.md').inScope, true);
    moveOutAndLinkBack();
    // b.md was never checked: only the folder was cached, and it moved.
    for (const name of ['new.md', 'b.md']) {
      const c = set.check('fs.read', `docs/sub/${name}`);
      assert.equal(c.inScope, false, name);
      assert.equal(c.target, path.join(outside, 'sub', name));
    }
    assert.equal(set.check('fs.read', 'docs/sub').target, path.join(outside, 'sub'));
  });

  it('follows a symlink met on the way down from a cached folder to a path that does not exist yet', () => {
    const set = readDocs();
    // Only docs/ is cached: a new file there is resolved through it.
    assert.equal(set.check('fs.read', 'docs/new.md').inScope, true);
    // Creating an entry changes its folder's ctime (docs/sub), not that of the cached docs/.
    fs.symlinkSync(outside, path.join(workspace, 'docs/sub/new'));
    const c = set.check('fs.read', 'docs/sub/new/deep/x.md');
    assert.equal(c.inScope, false);
    assert.equal(c.target, path.join(outside, 'deep/x.md'));
    // A real folder on the way down is walked through.
    fs.mkdirSync(path.join(workspace, 'docs/sub/made'));
    clearRealPathCache();
    assert.equal(set.check('fs.read', 'docs/new.md').inScope, true);
    assert.equal(realPathOf('docs/sub/made/deep/x.md', workspace), path.join(workspace, 'docs/sub/made/deep/x.md'));
  });

  it('sees a cached file replaced by a symlink', () => {
    const set = readDocs();
    assert.equal(set.check('fs.read', 'docs/sub/a.md').inScope, true);
    fs.rmSync(path.join(workspace, 'docs/sub/a.md'));
    fs.symlinkSync(path.join(outside, 'sub/a.md'), path.join(workspace, 'docs/sub/a.md'));
    const c = set.check('fs.read', 'docs/sub/a.md');
    assert.equal(c.inScope, false);
    assert.equal(c.target, path.join(outside, 'sub/a.md'));
  });

  describe('files checked a moment ago (one lstat each)', () => {
    it('answer with the same path while it still opens the same unchanged file, for one TTL at most', async function () {
      this.timeout(REAL_PATH_CACHE_TTL_MS * 2 + 10_000);
      const set = readDocs();
      const file = path.join(workspace, 'docs/sub/a.md');
      const ino = fs.lstatSync(file).ino;
      assert.equal(set.check('fs.read', 'docs/sub/a.md').inScope, true);
      moveOutAndLinkBack();
      // The file moved with its folder: opening the answer still reaches that very file, which
      // was in scope a moment ago and has not changed since.
      const warm = set.check('fs.read', 'docs/sub/a.md');
      assert.equal(warm.target, file);
      assert.equal(fs.statSync(warm.target).ino, ino);
      await sleep(REAL_PATH_CACHE_TTL_MS + 50);
      const c = set.check('fs.read', 'docs/sub/a.md');
      assert.equal(c.inScope, false);
      assert.equal(c.target, path.join(outside, 'sub/a.md'));
    });

    it('are forgotten by clearRealPathCache', () => {
      const set = readDocs();
      assert.equal(set.check('fs.read', 'docs/sub/a.md').inScope, true);
      moveOutAndLinkBack();
      clearRealPathCache();
      assert.equal(set.check('fs.read', 'docs/sub/a.md').target, path.join(outside, 'sub/a.md'));
    });

    const changes: Array<[string, (file: string) => void]> = [
      ['written', (file) => fs.appendFileSync(file, 'more')],
      ['chmod-ed', (file) => fs.chmodSync(file, 0o600)],
      ['hard-linked elsewhere', (file) => fs.linkSync(file, path.join(root, 'elsewhere.md'))],
      ['renamed away and back', (file) => { fs.renameSync(file, `${file}.tmp`); fs.renameSync(`${file}.tmp`, file); }],
      ['replaced by another file', (file) => { fs.rmSync(file); fs.writeFileSync(file, 'other'); }],
      ['replaced by a folder', (file) => { fs.rmSync(file); fs.mkdirSync(file); }],
    ];
    for (const [what, change] of changes) {
      it(`are resolved afresh once ${what}`, async () => {
        // A change lands on a later clock tick than the file's creation, even with coarse timestamps.
        await sleep(25);
        const set = readDocs();
        assert.equal(set.check('fs.read', 'docs/sub/a.md').inScope, true);
        change(path.join(workspace, 'docs/sub/a.md'));
        moveOutAndLinkBack();
        const c = set.check('fs.read', 'docs/sub/a.md');
        assert.equal(c.inScope, false);
        assert.equal(c.target, path.join(outside, 'sub/a.md'));
      });
    }

    it('are found under any spelling with `..`, which still sees a swap', () => {
      const set = readDocs();
      assert.equal(set.check('fs.read', 'docs/sub/a.md').inScope, true);
      assert.equal(set.check('fs.read', 'docs/x/../sub/./a.md').target, path.join(workspace, 'docs/sub/a.md'));
      assert.equal(set.check('fs.read', 'docs/sub/a.md/../../../../outside/sub/a.md').target, path.join(outside, 'sub/a.md'));
      swapForSymlink(path.join(workspace, 'docs/sub'), path.join(outside, 'sub'));
      const c = set.check('fs.read', 'docs/x/../sub/a.md');
      assert.equal(c.inScope, false);
      assert.equal(c.target, path.join(outside, 'sub/a.md'));
    });

    it('are not remembered before they exist: a symlink created at a write target is seen', () => {
      const set = PermissionSet.from([{ name: 'fs.write', scope: ['docs/**'] }], { workspaceRoot: workspace, extensionDir: workspace }).set;
      assert.equal(set.check('fs.write', 'docs/sub/new.md').inScope, true);
      assert.equal(set.check('fs.write', 'docs/sub/new.md').inScope, true);
      fs.symlinkSync(path.join(outside, 'sub/new.md'), path.join(workspace, 'docs/sub/new.md'));
      const c = set.check('fs.write', 'docs/sub/new.md');
      assert.equal(c.inScope, false);
      assert.match(c.error ?? '', /cannot resolve the real path/);
    });

    it('behind a symlinked folder answer with the real path, and see the symlink re-pointed', () => {
      fs.symlinkSync(path.join(workspace, 'docs/sub'), path.join(workspace, 'docs/link'));
      const set = readDocs();
      for (let i = 0; i < 2; i++) assert.equal(set.check('fs.read', 'docs/link/a.md').target, path.join(workspace, 'docs/sub/a.md'));
      fs.rmSync(path.join(workspace, 'docs/link'));
      fs.symlinkSync(path.join(outside, 'sub'), path.join(workspace, 'docs/link'));
      const c = set.check('fs.read', 'docs/link/a.md');
      assert.equal(c.inScope, false);
      assert.equal(c.target, path.join(outside, 'sub/a.md'));
    });

    it('behind a symlinked folder never answer with a real path that now leads outside', () => {
      // docs/link → docs/x/other. The folder moves to docs/y, the link follows it, and docs/x
      // becomes a symlink outside: the old real path docs/x/other/… now leads to outside/other/….
      fs.mkdirSync(path.join(workspace, 'docs/x/other'), { recursive: true });
      fs.writeFileSync(path.join(workspace, 'docs/x/other/a.md'), 'inside');
      fs.mkdirSync(path.join(outside, 'other'));
      fs.writeFileSync(path.join(outside, 'other/a.md'), 'secret');
      fs.symlinkSync(path.join(workspace, 'docs/x/other'), path.join(workspace, 'docs/link'));
      const set = readDocs();
      for (const target of ['docs/link/a.md', 'docs/link/new.md', 'docs/link/a.md', 'docs/link/new.md']) {
        assert.equal(set.check('fs.read', target).target, path.join(workspace, 'docs/x/other', path.basename(target)));
      }
      fs.renameSync(path.join(workspace, 'docs/x'), path.join(workspace, 'docs/y'));
      fs.rmSync(path.join(workspace, 'docs/link'));
      fs.symlinkSync(path.join(workspace, 'docs/y/other'), path.join(workspace, 'docs/link'));
      fs.symlinkSync(outside, path.join(workspace, 'docs/x'));
      for (const target of ['docs/link/a.md', 'docs/link/new.md']) {
        const c = set.check('fs.read', target);
        assertReal(c.target);
        assert.equal(c.target, path.join(workspace, 'docs/y/other', path.basename(target)));
      }
    });

    it(`keep at most ${MAX_CACHED_FILES} files and ${MAX_CACHED_FOLDERS} folders, and answer right after forgetting the oldest`, () => {
      const many = path.join(workspace, 'docs/many');
      fs.mkdirSync(many);
      const count = MAX_CACHED_FILES + 100;
      for (let i = 0; i < count; i++) fs.writeFileSync(path.join(many, `${i}.md`), '');
      for (let i = 0; i < count; i++) assert.equal(realPathOf(`docs/many/${i}.md`, workspace), path.join(many, `${i}.md`));
      for (let i = 0; i < MAX_CACHED_FOLDERS + 100; i++) fs.mkdirSync(path.join(many, `d${i}`));
      for (let i = 0; i < MAX_CACHED_FOLDERS + 100; i++) assert.equal(realPathOf(`docs/many/d${i}/new.md`, workspace), path.join(many, `d${i}/new.md`));
      assert.deepEqual(realPathCacheSize(), { files: MAX_CACHED_FILES, folders: MAX_CACHED_FOLDERS });
      swapForSymlink(many, path.join(outside, 'sub'));
      assert.equal(realPathOf('docs/many/0.md', workspace), path.join(outside, 'sub/0.md'));
      assert.equal(realPathOf(`docs/many/${count - 1}.md`, workspace), path.join(outside, `sub/${count - 1}.md`));
    });
  });
});
