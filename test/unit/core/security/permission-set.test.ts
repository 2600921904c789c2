import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PermissionSet } from '../../../../src/core/security';

describe('PermissionSet', () => {
  let root: string;
  let workspace: string;
  let extensionDir: string;

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-perm-')));
    workspace = path.join(root, 'ws');
    extensionDir = path.join(root, 'ext');
    fs.mkdirSync(path.join(workspace, 'docs/deep'), { recursive: true });
    fs.mkdirSync(path.join(workspace, 'out'), { recursive: true });
    fs.mkdirSync(path.join(extensionDir, 'assets'), { recursive: true });
    fs.mkdirSync(path.join(root, 'outside'));
    fs.writeFileSync(path.join(workspace, 'docs/a.md'), 'a');
    fs.writeFileSync(path.join(root, 'outside/secret.md'), 's');
    fs.symlinkSync(path.join(root, 'outside'), path.join(workspace, 'docs/link'));
    fs.symlinkSync(path.join(workspace, 'docs'), path.join(workspace, 'docs-alias'));
    fs.symlinkSync(path.join(root, 'outside/secret.md'), path.join(workspace, 'out/dangling-to-secret.md'));
    fs.symlinkSync(path.join(root, 'nowhere'), path.join(workspace, 'out/dangling'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const make = (entries: unknown[]) => {
    const { set, diagnostics } = PermissionSet.from(entries, { workspaceRoot: workspace, extensionDir });
    assert.deepEqual(diagnostics, []);
    return set;
  };

  describe('file globs', () => {
    const set = () => make([{ name: 'fs.read', scope: ['docs/**/*.md'] }, { name: 'fs.write', scope: ['out/**'] }, { name: 'fs.read', scope: ['${extension}/assets/**'] }]);

    it('allows targets inside the globs, relative to the workspace', () => {
      assert.equal(set().check('fs.read', 'docs/a.md').inScope, true);
      assert.equal(set().check('fs.read', 'docs/deep/new.md').inScope, true, 'a file that does not exist yet');
      assert.equal(set().check('fs.read', path.join(workspace, 'docs/a.md')).inScope, true, 'absolute');
      assert.equal(set().check('fs.read', 'docs/a.txt').inScope, false, 'other extension');
      assert.equal(set().check('fs.write', 'out').inScope, true, 'the folder itself');
      assert.equal(set().check('fs.write', 'out/x/y/z.txt').inScope, true);
    });

    it('anchors ${extension} globs at the extension folder', () => {
      assert.equal(set().check('fs.read', path.join(extensionDir, 'assets/logo.svg')).inScope, true);
      assert.equal(set().check('fs.read', path.join(extensionDir, 'index.js')).inScope, false);
    });

    it('resolves .. before matching', () => {
      const c = set().check('fs.read', 'docs/../../outside/secret.md');
      assert.equal(c.inScope, false);
      assert.equal(c.target, path.join(root, 'outside/secret.md'));
      assert.equal(set().check('fs.write', 'out/../docs/a.md').inScope, false);
    });

    it('resolves symlinks before matching (folders and files)', () => {
      const viaLink = set().check('fs.read', 'docs/link/secret.md');
      assert.equal(viaLink.inScope, false);
      assert.equal(viaLink.target, path.join(root, 'outside/secret.md'));
      assert.equal(set().check('fs.write', 'out/dangling-to-secret.md').inScope, false, 'a file symlink leading out');
      // A symlink that leads back in is judged by where it leads.
      assert.equal(set().check('fs.read', 'docs-alias/a.md').inScope, true);
    });

    it('never treats a dangling symlink as in scope', () => {
      const c = set().check('fs.write', 'out/dangling');
      assert.equal(c.inScope, false);
      assert.ok(c.error);
    });

    it('rejects NUL bytes', () => {
      const c = set().check('fs.read', 'docs/a.md\0/../../outside/secret.md');
      assert.equal(c.inScope, false);
      assert.match(c.error ?? '', /NUL/);
    });

    it('a bare fs permission means the workspace and nothing else', () => {
      const bare = make(['fs.read']);
      assert.equal(bare.check('fs.read', 'docs/a.md').inScope, true);
      assert.equal(bare.check('fs.read', '.hidden/file').inScope, true);
      assert.equal(bare.check('fs.read', '/etc/passwd').inScope, false);
      assert.equal(bare.check('fs.read', '../outside/secret.md').inScope, false);
      assert.equal(bare.check('fs.write', 'docs/a.md').declared, false);
    });

    it('refuses scopes that climb out with ..', () => {
      const { diagnostics, set: s } = PermissionSet.from([{ name: 'fs.read', scope: ['../outside/**'] }], { workspaceRoot: workspace, extensionDir });
      assert.equal(diagnostics[0]?.code, 'InvalidPermissionScope');
      assert.equal(s.check('fs.read', '../outside/secret.md').inScope, false);
    });
  });

  describe('hosts', () => {
    const set = () => make([{ name: 'net.http', scope: ['api.example.com', '*.example.org', '127.0.0.1:8080', '[::1]:9000'] }]);

    it('matches host globs and ports', () => {
      assert.equal(set().check('net.http', 'https://api.example.com/v1').inScope, true);
      assert.equal(set().check('net.http', 'http://api.example.com:8443/').inScope, true, 'no port in the scope: any port');
      assert.equal(set().check('net.http', 'https://a.example.org/').inScope, true);
      assert.equal(set().check('net.http', 'https://a.b.example.org/').inScope, false, '* is one label');
      assert.equal(set().check('net.http', 'https://example.org/').inScope, false);
      assert.equal(set().check('net.http', 'https://api.example.com.evil.net/').inScope, false);
      assert.equal(set().check('net.http', 'http://127.0.0.1:8080/').inScope, true);
      assert.equal(set().check('net.http', 'http://127.0.0.1:8081/').inScope, false);
      assert.equal(set().check('net.http', 'http://[::1]:9000/').inScope, true);
    });

    it('canonicalises tricky URLs before matching', () => {
      assert.equal(set().check('net.http', 'http://2130706433:8080/').target, '127.0.0.1:8080', 'decimal IPv4');
      assert.equal(set().check('net.http', 'HTTPS://API.EXAMPLE.COM./').inScope, true, 'case and trailing dot');
      assert.equal(set().check('net.http', 'http://api.example.com@evil.net/').inScope, false, 'credentials trick');
      assert.match(set().check('net.http', 'file:///etc/passwd').error ?? '', /http/);
      assert.match(set().check('net.http', 'not a url').error ?? '', /valid URL/);
    });
  });

  it('matches commands exactly, names and channels by glob', () => {
    const set = make([
      { name: 'process.spawn', scope: ['git', 'npm'] },
      { name: 'env.read', scope: ['MY_APP_*', 'HOME'] },
      { name: 'bus.publish', scope: ['word-tools.*'] },
      'ui.panel',
    ]);
    assert.equal(set.check('process.spawn', 'git').inScope, true);
    assert.equal(set.check('process.spawn', '/tmp/git').inScope, false);
    assert.equal(set.check('process.spawn', 'git.sh').inScope, false);
    assert.equal(set.check('env.read', 'MY_APP_TOKEN').inScope, true);
    assert.equal(set.check('env.read', 'AWS_SECRET_ACCESS_KEY').inScope, false);
    assert.equal(set.check('bus.publish', 'word-tools.counted').inScope, true);
    assert.equal(set.check('bus.publish', 'word-tools.a.b').inScope, false);
    assert.equal(set.check('bus.publish', 'editor.saved').inScope, false);
    assert.equal(set.check('bus.publish', 'word-tools.*').inScope, true, 'a pattern within the scope');
    assert.equal(set.check('bus.publish', 'word-tools.**').inScope, false, 'a deeper pattern is not');
    assert.equal(set.check('bus.publish', 'word-tools.a/b').inScope, false, '/ separates labels too');
    assert.equal(set.check('ui.panel', '').inScope, true);
    assert.equal(set.check('clipboard.read', '').declared, false);
  });

  it('reports unknown permissions with a suggestion and grants nothing for them', () => {
    const { set, diagnostics } = PermissionSet.from(['fs.raed', 42], { workspaceRoot: workspace, extensionDir });
    assert.equal(diagnostics[0]?.code, 'UnknownPermission');
    assert.equal(diagnostics[0]?.path, 'security.permissions[0]');
    assert.match(diagnostics[0]?.fix ?? '', /fs\.read/);
    assert.equal(diagnostics[1]?.code, 'InvalidPermission');
    assert.equal(set.check('fs.read', 'docs/a.md').declared, false);
  });
});
