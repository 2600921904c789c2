// The extension host's seam, fed by the real manifest loader: what a manifest declares is what
// the sandbox enforces.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadManifest } from '../../../../src/core/manifest';
import { SandboxExtensionRuntime, type SandboxError, type SandboxRuntime } from '../../../../src/core/sandbox';
import { FIXTURES, makePlayground, makeRuntime, type Playground } from './sandbox-fixture';

describe('SandboxExtensionRuntime', function () {
  this.timeout(60_000);
  let play: Playground;
  let runtime: SandboxRuntime;

  before(async () => {
    play = makePlayground();
    runtime = await makeRuntime(play.workspace);
  });
  after(() => {
    runtime.dispose();
    play.cleanup();
  });

  it('starts an extension from its loaded manifest with the declared permissions and limits', async () => {
    const loaded = await loadManifest(path.join(FIXTURES, 'benign'));
    assert.ok(loaded.manifest, JSON.stringify(loaded.diagnostics));
    const logs: string[] = [];
    const running = await new SandboxExtensionRuntime(runtime).start({ manifest: loaded.manifest, source: 'workspace', log: (_l, m) => logs.push(m) });
    try {
      assert.equal(await running.invoke('benign.count', { path: 'docs/readme.md', report: 'out/count.txt' }), 4);
      await assert.rejects(running.invoke('benign.count', { path: 'docs/../../outside/secret.txt' }), (e: SandboxError) => e.code === 'PermissionDenied' && e.permission === 'fs.read');
      // The manifest says timeout_s = 5: a 6 s wait is cut off.
      await assert.rejects(running.invoke('benign.wait', { ms: 6000 }), (e: SandboxError) => e.code === 'CallTimeout' && /5 s/.test(e.message));
    } finally {
      running.dispose();
    }
    assert.equal(runtime.get('benign'), undefined, 'disposed extensions are forgotten');
  });
});
