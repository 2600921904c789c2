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
  reg('rj.executorRejects', async ({ message }) => { new Promise((resolve, reject) => reject(new Error(message))); return 'returned'; });
  reg('rj.executorThrows', async ({ message }) => { new Promise(() => { throw new Error(message); }); return 'returned'; });
  reg('rj.rejectLater', async ({ message }) => { new Promise((resolve, reject) => setTimeout(() => reject(new Error(message)), 0)); return 'returned'; });
  reg('rj.all', async ({ message }) => { Promise.all([1, Promise.reject(new Error(message))]); return 'returned'; });
  reg('rj.race', async ({ message }) => { Promise.race([new Promise((resolve, reject) => reject(new Error(message)))]); return 'returned'; });
  reg('rj.any', async ({ message }) => { Promise.any([Promise.reject(new Error(message))]); return 'returned'; });
  reg('rj.withResolvers', async ({ message }) => { Promise.withResolvers().reject(new Error(message)); return 'returned'; });
  reg('rj.capability', async ({ message }) => { symphony.env.read(message); return 'returned'; });
  // Promises that take on another's rejection.
  reg('rj.returnsRejected', async ({ message }) => { (async () => Promise.reject(new Error(message)))(); return 'returned'; });
  reg('rj.returnsCapability', async ({ message }) => { (async () => symphony.env.read(message))(); return 'returned'; });
  reg('rj.thenReturnsRejected', async ({ message }) => { Promise.resolve().then(() => Promise.reject(new Error(message))); return 'returned'; });
  reg('rj.resolvesRejected', async ({ message }) => { new Promise((resolve) => resolve(Promise.reject(new Error(message)))); return 'returned'; });
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
    await new Promise((resolve, reject) => reject(new Error(message))).catch(() => seen.push('executor'));
    try { await new Promise(() => { throw new Error(message); }); } catch { seen.push('executor throw'); }
    new Promise((resolve) => { resolve(1); throw new Error(message); });
    const late = new Promise((resolve, reject) => reject(new Error(message)));
    await null;
    await late.then(null, () => seen.push('later in the same drain'));
    const inner = () => new Promise((resolve, reject) => reject(new Error(message)));
    const outer = async () => { await inner(); };
    try { await outer(); } catch { seen.push('caller'); }
    try { await Promise.all([1, Promise.reject(new Error(message))]); } catch { seen.push('awaited all'); }
    await Promise.race([inner()]).catch(() => seen.push('race'));
    await Promise.any([inner(), inner()]).catch((e) => seen.push('any ' + e.errors.length));
    // Promise.all took the other input's rejection: only its result's could be unhandled.
    await Promise.all([inner(), inner()]).catch(() => seen.push('all of two'));
    // Node 20 (the moderate engine's) has no Promise.withResolvers yet.
    const w = Promise.withResolvers ? Promise.withResolvers() : { promise: Promise.reject(new Error(message)), reject() {} };
    w.reject(new Error(message));
    await w.promise.catch(() => seen.push('withResolvers'));
    await symphony.env.read(message).catch(() => seen.push('capability'));
    try { await (async () => Promise.reject(new Error(message)))(); } catch { seen.push('returned'); }
    await (async () => symphony.env.read(message))().catch(() => seen.push('returned call'));
    await Promise.resolve().then(() => Promise.reject(new Error(message))).catch(() => seen.push('then returned'));
    await new Promise((resolve) => resolve(inner())).catch(() => seen.push('resolved with'));
    const two = await Promise.allSettled([inner(), (async () => inner())()]);
    seen.push(two.map((s) => s.status).join());
    return seen;
  });
  // What a guest can observe of its Promise is unchanged.
  reg('rj.shape', () => {
    const p = new Promise((resolve) => resolve(1));
    const asyncResult = (async () => 1)();
    class Sub extends Promise {}
    const sub = new Sub((resolve) => resolve(2));
    return [
      p instanceof Promise, asyncResult instanceof Promise, Object.getPrototypeOf(p) === Promise.prototype,
      Object.getPrototypeOf(asyncResult) === Promise.prototype, Promise.resolve(p) === p,
      sub instanceof Sub, sub.then(() => 0) instanceof Sub, Sub.resolve(1) instanceof Sub, Promise[Symbol.species] === Promise,
      Promise.name, Promise.length, typeof Promise.all, (() => { try { Promise(() => 0); return 'called'; } catch (e) { return e instanceof TypeError; } })(),
    ];
  });
  reg('rj.order', async () => {
    const order = [];
    const settled = Promise.resolve(0);
    const awaiting = (async () => { await settled; order.push('await'); })();
    Promise.resolve().then(() => order.push(1)).then(() => order.push(2)).then(() => order.push(3));
    await awaiting;
    await new Promise((resolve) => setTimeout(resolve, 0));
    return order;
  });
  reg('rj.throws', async ({ message }) => failLater(message));
  reg('rj.returnsRejectedToHost', async ({ message }) => Promise.reject(new Error(message)));
  reg('rj.slow', async ({ ms }) => { await new Promise((r) => setTimeout(r, ms)); return ++served; });
};
`;

/** Rejections both engines report: async functions' promises reach Node's own tracker under vm2. */
const BOTH = ['forget', 'forgetArrow', 'afterCapability', 'inTimer', 'returnsRejected', 'returnsCapability'];
/** Rejections vm2 consumes in the moderate engine, before any code of ours could see them (docs/security.md). */
const STRICT_ONLY = [
  'reject', 'inThen', 'executorRejects', 'executorThrows', 'rejectLater', 'all', 'race', 'any', 'withResolvers', 'capability',
  'thenReturnsRejected', 'resolvesRejected',
];

function writeGuest(level: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `symphony-rejections-${level}-`)));
  fs.writeFileSync(path.join(dir, 'index.js'), GUEST);
  const commands = [...BOTH, ...STRICT_ONLY, 'handled', 'shape', 'order', 'throws', 'returnsRejectedToHost', 'slow'];
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

    // vm2 consumes rejections of promises made with its sandbox's Promise (Promise.reject, new
    // Promise, then chains, combinators) on purpose, so that hostile code cannot crash its host
    // with them, and freezes that Promise; only promises of async functions reach Node's tracker
    // in the moderate engine (see docs/security.md).
    const cases = [...BOTH, ...(level === 'strict' ? STRICT_ONLY : [])];
    for (const command of cases) {
      it(`reports rj.${command} in the extension's log and keeps serving`, async () => {
        const before = pid();
        const message = `nobody handles ${command} (${level})`;
        // A slow call in flight while the rejection happens must finish normally.
        const slow = running.invoke('rj.slow', { ms: 150 });
        assert.equal(await running.invoke(`rj.${command}`, { message }), 'returned');
        await eventually(() => reported(message).length > 0, 5000);
        const name = ({ any: 'AggregateError', capability: 'PermissionDenied', returnsCapability: 'PermissionDenied' } as Record<string, string>)[command] ?? 'Error';
        assert.match(reported(message)[0]!.message, new RegExp(`^unhandledRejection: ${name}: `));
        // QuickJS keeps the guest's stack, lines as the author wrote them (a denial is made by the host).
        if (level === 'strict' && !/capability/i.test(command)) assert.match(reported(message)[0]!.message, /index\.js:\d+/);
        assert.equal(reported(message).length, 1, 'reported once');
        assert.equal(typeof (await slow), 'number');
        assert.equal(pid(), before, 'same child, no restart');
      });
    }

    it('does not report rejections that were handled, however they were handled', async () => {
      const message = `handled properly (${level})`;
      const seen = await running.invoke('rj.handled', { message });
      assert.deepEqual(seen, [
        'try', 'bare catch', 'catch', 'then', 'rejected', 'all', 'nested', 'reject', 'executor', 'executor throw',
        'later in the same drain', 'caller', 'awaited all', 'race', 'any 2', 'all of two', 'withResolvers', 'capability',
        'returned', 'returned call', 'then returned', 'resolved with', 'rejected,rejected',
      ]);
      await assert.rejects(running.invoke('rj.returnsRejectedToHost', { message }), new RegExp(message.replace(/[()]/g, '\\$&')));
      await running.invoke('rj.slow', { ms: 50 });
      await assert.rejects(running.invoke('rj.throws', { message }), new RegExp(message.replace(/[()]/g, '\\$&')));
      await running.invoke('rj.slow', { ms: 50 });
      assert.deepEqual(reported(message), [], 'a rejection someone handled, or the caller received, is not unhandled');
    });

    // The strict engine's bootstrap wraps its guest's Promise; vm2 gives the moderate engine's its own shape.
    if (level === 'strict') it('leaves what the guest sees of Promise as it was, timing of await included', async () => {
      assert.deepEqual(await running.invoke('rj.shape'), [true, true, true, true, true, true, true, true, true, 'Promise', 1, 'function', true]);
      assert.deepEqual(await running.invoke('rj.order'), ['await', 1, 2, 3]);
    });
  });
}
