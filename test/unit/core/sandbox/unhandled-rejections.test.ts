// A guest's promise that rejects with nobody listening (an async function that throws and is not
// awaited) is the guest's bug, not the editor's: it must reach that extension's log with its
// message, the child must keep running, and calls in flight must finish normally.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadManifest } from '../../../../src/core/manifest';
import { SandboxExtensionRuntime, type SandboxRuntime } from '../../../../src/core/sandbox';
import type { RunningExtension } from '../../../../src/core/extensions/extension-runtime';
import { eventually, makeRuntime } from './sandbox-fixture';

const GUEST = String.raw`
let served = 0;
async function failLater(message) {
  await null;
  throw new Error(message);
}
exports.activate = function activate(symphony) {
  const reg = (id, fn) => symphony.commands.register(id, fn);
  // Fire and forget: nobody awaits the async function that throws.
  reg('rj.forget', async ({ message }) => { failLater(message); return 'returned'; });
  reg('rj.forgetArrow', async ({ message }) => { (async () => { throw new Error(message); })(); return 'returned'; });
  reg('rj.afterCapability', async ({ message }) => {
    (async () => { await symphony.env.read('NOT_DECLARED').catch(() => null); throw new Error(message); })();
    return 'returned';
  });
  reg('rj.inTimer', async ({ message }) => { setTimeout(async () => { throw new Error(message); }, 0); return 'returned'; });
  reg('rj.reject', async ({ message }) => { Promise.reject(new Error(message)); return 'returned'; });
  reg('rj.inThen', async ({ message }) => { Promise.resolve(1).then(() => { throw new Error(message); }); return 'returned'; });
  // Every way of handling a rejection: none of these may be reported.
  reg('rj.handled', async ({ message }) => {
    const seen = [];
    try { await failLater(message); } catch (e) { seen.push('try'); }
    try { await failLater(message); } catch { seen.push('bare catch'); }
    await failLater(message).catch(() => seen.push('catch'));
    await failLater(message).then(null, () => seen.push('then'));
    const settled = await Promise.allSettled([failLater(message)]);
    seen.push(settled[0].status);
    await Promise.all([failLater(message)]).catch(() => seen.push('all'));
    const wrapped = async () => { await failLater(message); };
    await wrapped().catch(() => seen.push('nested'));
    await Promise.reject(new Error(message)).catch(() => seen.push('reject'));
    return seen;
  });
  reg('rj.throws', async ({ message }) => failLater(message));
  reg('rj.slow', async ({ ms }) => { await new Promise((r) => setTimeout(r, ms)); return ++served; });
};
`;

function writeGuest(level: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `symphony-rejections-${level}-`)));
  fs.writeFileSync(path.join(dir, 'index.js'), GUEST);
  const commands = ['forget', 'forgetArrow', 'afterCapability', 'inTimer', 'reject', 'inThen', 'handled', 'throws', 'slow'];
  fs.writeFileSync(path.join(dir, 'symphony.toml'), [
    '[package]', `name = "rejections-${level}"`, 'version = "1.0.0"', 'description = "Leaves rejections unhandled."',
    '[runtime]', 'entry = "index.js"',
    '[security]', `sandbox_level = "${level}"`, 'permissions = []',
    '[performance.limits]', 'memory_mb = 32', 'timeout_s = 5',
    ...commands.flatMap((c) => ['[[commands]]', `id = "rj.${c}"`, `title = "${c}"`]),
  ].join('\n'));
  return dir;
}

for (const level of ['strict', 'moderate'] as const) {
  describe(`unhandled rejections in a guest (${level})`, function () {
    this.timeout(60_000);
    let dir: string;
    let workspace: string;
    let runtime: SandboxRuntime;
    let running: RunningExtension;
    const log: Array<{ level: string; message: string }> = [];

    before(async () => {
      dir = writeGuest(level);
      workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-rejections-ws-'));
      runtime = await makeRuntime(workspace);
      const loaded = await loadManifest(dir);
      assert.ok(loaded.manifest, JSON.stringify(loaded.diagnostics));
      running = await new SandboxExtensionRuntime(runtime).start({ manifest: loaded.manifest, source: 'workspace', log: (l, message) => log.push({ level: l, message }) });
    });
    after(() => {
      running.dispose();
      runtime.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(workspace, { recursive: true, force: true });
    });

    const pid = () => runtime.get(`rejections-${level}`)?.pid;
    const reported = (message: string) => log.filter((l) => l.level === 'error' && l.message.includes(message));

    // vm2 consumes rejections of promises made with its sandbox's Promise (Promise.reject, then
    // chains) on purpose, so that hostile code cannot crash its host with them; only promises of
    // async functions reach Node's tracker in the moderate engine (see docs/security.md).
    const cases = level === 'strict' ? ['forget', 'forgetArrow', 'afterCapability', 'inTimer', 'reject', 'inThen'] : ['forget', 'forgetArrow', 'afterCapability', 'inTimer'];
    for (const command of cases) {
      it(`reports rj.${command} in the extension's log and keeps serving`, async () => {
        const before = pid();
        const message = `nobody handles ${command} (${level})`;
        // A slow call in flight while the rejection happens must finish normally.
        const slow = running.invoke('rj.slow', { ms: 150 });
        assert.equal(await running.invoke(`rj.${command}`, { message }), 'returned');
        await eventually(() => reported(message).length > 0, 5000);
        assert.match(reported(message)[0]!.message, /^unhandledRejection: Error: /);
        // QuickJS keeps the guest's stack, lines as the author wrote them.
        if (level === 'strict') assert.match(reported(message)[0]!.message, /index\.js:\d+/);
        assert.equal(reported(message).length, 1, 'reported once');
        assert.equal(typeof (await slow), 'number');
        assert.equal(pid(), before, 'same child, no restart');
      });
    }

    it('does not report rejections that were handled, however they were handled', async () => {
      const message = `handled properly (${level})`;
      const seen = await running.invoke('rj.handled', { message });
      assert.deepEqual(seen, ['try', 'bare catch', 'catch', 'then', 'rejected', 'all', 'nested', 'reject']);
      await running.invoke('rj.slow', { ms: 50 });
      await assert.rejects(running.invoke('rj.throws', { message }), new RegExp(message.replace(/[()]/g, '\\$&')));
      await running.invoke('rj.slow', { ms: 50 });
      assert.deepEqual(reported(message), [], 'a rejection someone handled, or the caller received, is not unhandled');
    });
  });
}
