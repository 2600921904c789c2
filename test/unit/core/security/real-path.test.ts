// The folder real-path cache behind file permission checks must never answer with a stale path:
// each test warms the cache, changes the disk the way an attacker with a shell would (within the
// cache's lifetime), and checks that the very next check sees where the path leads now.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clearRealPathCache, PermissionSet, realPathOf } from '../../../../src/core/security';

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
    assert.equal(set.check('fs.read', 'docs/sub/a.md').inScope, true);
    fs.rmSync(path.join(outside, 'sub'), { recursive: true });
    fs.renameSync(path.join(workspace, 'docs/sub'), path.join(outside, 'sub'));
    fs.symlinkSync(path.join(outside, 'sub'), path.join(workspace, 'docs/sub'));
    const c = set.check('fs.read', 'docs/sub/a.md');
    assert.equal(c.inScope, false);
    assert.equal(c.target, path.join(outside, 'sub/a.md'));
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

  it('sees a file replaced by a symlink (files are never cached)', () => {
    const set = readDocs();
    assert.equal(set.check('fs.read', 'docs/sub/a.md').inScope, true);
    fs.rmSync(path.join(workspace, 'docs/sub/a.md'));
    fs.symlinkSync(path.join(outside, 'sub/a.md'), path.join(workspace, 'docs/sub/a.md'));
    const c = set.check('fs.read', 'docs/sub/a.md');
    assert.equal(c.inScope, false);
    assert.equal(c.target, path.join(outside, 'sub/a.md'));
  });
});
