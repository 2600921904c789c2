import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { toDisposable } from '../../../../src/core/base/disposable';
import { describeExtension, permissionFlag, type BusPort, type SandboxError, type SandboxRuntime } from '../../../../src/core/sandbox';
import { buildWorker } from './worker-bundle';
import { eventually, FIXTURES, fixtureExtension, isAlive, makePlayground, makeRuntime, SECRET, type Playground } from './sandbox-fixture';

/** A tiny bus for the broker: enough to prove delivery in both directions. */
function memoryBus(): BusPort & { published: Array<{ sender: string; channel: string; data: unknown }>; emit(channel: string, data: unknown): void } {
  const subs: Array<{ pattern: RegExp; handler: (m: { channel: string; data: unknown }) => void }> = [];
  return {
    published: [],
    publish(sender, channel, data) {
      this.published.push({ sender, channel, data });
    },
    subscribe(_subscriber, pattern, handler) {
      const entry = { pattern: new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '[^.]*')}$`), handler: handler as (m: { channel: string; data: unknown }) => void };
      subs.push(entry);
      return toDisposable(() => subs.splice(subs.indexOf(entry), 1));
    },
    emit(channel, data) {
      for (const s of subs) if (s.pattern.test(channel)) void s.handler({ channel, data });
    },
  };
}

const capable = (level: 'strict' | 'moderate', id = `capable-${level}`) => ({
  ...describeExtension({
    dir: path.join(FIXTURES, 'capable'), package: { name: 'capable' }, runtime: { entry: 'index.js' },
    security: { sandbox_level: level, permissions: [{ name: 'net.http', scope: ['127.0.0.1'] }, { name: 'process.spawn', scope: ['node'] }, { name: 'bus.publish', scope: ['chat.*'] }, { name: 'bus.subscribe', scope: ['chat.*'] }, 'clipboard.write'] },
    performance: { limits: { timeout_s: 10 } },
  }),
  id,
});

describe('sandbox runtime', function () {
  this.timeout(60_000);
  let play: Playground;
  let runtime: SandboxRuntime | undefined;

  before(() => {
    play = makePlayground();
  });
  afterEach(() => {
    runtime?.dispose();
    runtime = undefined;
  });
  after(() => play.cleanup());

  for (const level of ['strict', 'moderate'] as const) {
    describe(`declared capabilities (${level})`, () => {
      it('net.http reaches a declared host; a redirect to an undeclared one is refused', async () => {
        let hits = 0;
        const server = http.createServer((req, res) => {
          hits++;
          if (req.url === '/redirect') {
            res.writeHead(302, { location: `http://localhost:${(server.address() as { port: number }).port}/` });
            res.end();
          } else res.end('hi there');
        });
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
        const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
        try {
          runtime = await makeRuntime(play.workspace);
          const sb = await runtime.start(capable(level));
          const r = (await sb.invoke('capable.get', { url: `${base}/` })) as { status: number; body: string };
          assert.equal(r.status, 200);
          assert.equal(r.body, 'hi there');
          await assert.rejects(sb.invoke('capable.get', { url: `${base}/redirect` }), (e: SandboxError) => e.code === 'PermissionDenied' && e.target?.startsWith('localhost:') === true);
          assert.equal(hits, 2, 'the redirect target was never contacted');
        } finally {
          await new Promise((r) => server.close(r));
        }
      });

      it('process.spawn runs the declared program without a shell or the host secrets', async () => {
        process.env.SYMPHONY_SECRET = SECRET;
        try {
          runtime = await makeRuntime(play.workspace);
          const sb = await runtime.start(capable(level));
          const r = (await sb.invoke('capable.spawn', { args: ['-e', 'console.log(process.env.SYMPHONY_SECRET ?? "none", process.cwd())'] })) as { exitCode: number; stdout: string };
          assert.equal(r.exitCode, 0);
          assert.equal(r.stdout.trim(), `none ${play.workspace}`);
        } finally {
          delete process.env.SYMPHONY_SECRET;
        }
      });

      it('the bus delivers both ways, within the declared channels', async () => {
        const bus = memoryBus();
        runtime = await makeRuntime(play.workspace, { services: { bus } });
        const sb = await runtime.start(capable(level));
        await sb.invoke('capable.subscribe', { channel: 'chat.*' });
        bus.emit('chat.room', { text: 'hello' });
        await eventually(() => true, 0).catch(() => undefined);
        let received: unknown[] = [];
        await eventually(() => received.length > 0 || (void sb.invoke('capable.received').then((r) => (received = r as unknown[])), false), 5000).catch(() => undefined);
        received = (await sb.invoke('capable.received')) as unknown[];
        assert.deepEqual(received, [{ ch: 'chat.room', data: { text: 'hello' } }]);
        await sb.invoke('capable.publish', { channel: 'chat.room', data: 42 });
        assert.deepEqual(bus.published, [{ sender: sb.id, channel: 'chat.room', data: 42 }]);
        await assert.rejects(sb.invoke('capable.publish', { channel: 'system.shutdown', data: 1 }), (e: SandboxError) => e.code === 'PermissionDenied' && e.permission === 'bus.publish');
        await assert.rejects(sb.invoke('capable.subscribe', { channel: 'secrets.*' }), (e: SandboxError) => e.permission === 'bus.subscribe');
      });

      it('arguments are validated; missing host services say so; console output is logged', async () => {
        runtime = await makeRuntime(play.workspace);
        const logs: string[] = [];
        runtime.onDidLog((l) => logs.push(`${l.extension} ${l.message}`));
        const sb = await runtime.start(capable(level));
        await assert.rejects(sb.invoke('capable.badArgs'), (e: SandboxError) => e.code === 'InvalidArguments' && /fs\.read/.test(e.message));
        await assert.rejects(sb.invoke('capable.clipboard', { text: 'x' }), (e: SandboxError) => e.code === 'Unavailable');
        await sb.invoke('capable.log');
        await eventually(() => logs.some((l) => l.includes('hello from capable {"n":1}')));
      });
    });
  }

  it('strict extensions share a child; a bomb in one leaves the other and its state intact', async () => {
    runtime = await makeRuntime(play.workspace);
    const a = await runtime.start(capable('strict', 'a'));
    const hostile = await runtime.start(fixtureExtension('hostile', 'strict'));
    const pid = a.pid;
    assert.equal(pid, hostile.pid, 'one child for both');
    assert.equal(await a.invoke('capable.counter'), 1);
    await assert.rejects(hostile.invoke('hostile.typedArrayBomb'), (e: SandboxError) => e.code === 'OutOfMemory');
    await assert.rejects(hostile.invoke('hostile.loop'), (e: SandboxError) => e.code === 'CallTimeout');
    assert.equal(await a.invoke('capable.counter'), 2, 'state kept: no restart of the neighbour');
    assert.equal(a.pid, pid);
    assert.deepEqual(await hostile.invoke('hostile.ok'), { ok: true, polluted: null }, 'the bomber is reloaded in the same child');
    assert.equal(hostile.pid, pid);
  });

  it('moderate extensions get a child each; killing one leaves the other running', async () => {
    runtime = await makeRuntime(play.workspace);
    const a = await runtime.start(capable('moderate', 'a'));
    const hostile = await runtime.start(fixtureExtension('hostile', 'moderate'));
    assert.notEqual(a.pid, hostile.pid);
    const pid = a.pid;
    assert.equal(await a.invoke('capable.counter'), 1);
    await assert.rejects(hostile.invoke('hostile.loop'), (e: SandboxError) => e.code === 'CallTimeout');
    assert.equal(await a.invoke('capable.counter'), 2);
    assert.equal(a.pid, pid);
  });

  it('restarts with backoff and gives up after too many crashes', async () => {
    runtime = await makeRuntime(play.workspace, { restart: { baseMs: 50, maxMs: 1000, maxCrashes: 2, windowMs: 60_000 } });
    const hostile = await runtime.start(fixtureExtension('hostile', 'moderate', { limits: { memoryMb: 32, cpuMs: 300, timeoutMs: 2000 } }));
    const first = hostile.pid!;
    await assert.rejects(hostile.invoke('hostile.loop'), (e: SandboxError) => e.code === 'CallTimeout');
    await eventually(() => !isAlive(first));
    assert.deepEqual(await hostile.invoke('hostile.ok'), { ok: true, polluted: null });
    assert.notEqual(hostile.pid, first, 'a new child');
    await assert.rejects(hostile.invoke('hostile.loop'), (e: SandboxError) => e.code === 'CallTimeout');
    await assert.rejects(hostile.invoke('hostile.ok'), (e: SandboxError) => e.code === 'SandboxUnavailable' && /crashed 2 times/.test(e.message));
  });

  it('stops an idle sandbox and starts it again on the next call', async () => {
    runtime = await makeRuntime(play.workspace, { idleMs: 150 });
    const sb = await runtime.start(fixtureExtension('benign', 'moderate'));
    const pid = sb.pid!;
    await sb.invoke('benign.echo', 1);
    await eventually(() => runtime!.processCount === 0 && !isAlive(pid), 5000);
    assert.deepEqual(await sb.invoke('benign.echo', 2), { echo: 2, calls: 1 });
  });

  it('a prewarmed strict child is used by the next strict extension, stopped by the idle policy when unused, and by dispose', async () => {
    runtime = await makeRuntime(play.workspace, { idleMs: 400 });
    runtime.prewarm();
    runtime.prewarm();
    assert.equal(runtime.processCount, 1, 'one prewarmed child at a time');
    const unused = runtime.pids()[0]!;
    await eventually(() => runtime!.processCount === 0 && !isAlive(unused), 5000);

    runtime.prewarm();
    const warm = runtime.pids()[0]!;
    const sb = await runtime.start(fixtureExtension('benign', 'strict'));
    assert.equal(sb.pid, warm, 'the extension moved into the prewarmed child');
    assert.deepEqual(await sb.invoke('benign.echo', 1), { echo: 1, calls: 1 });
    runtime.dispose();
    await eventually(() => !isAlive(warm), 5000);

    runtime = await makeRuntime(play.workspace, { idleMs: 0 });
    runtime.prewarm();
    const kept = runtime.pids()[0]!;
    runtime.dispose();
    await eventually(() => !isAlive(kept), 5000);
  });

  it('a child that writes anything but frames to stdout is stopped with a clear error, and the next call gets a new child', async () => {
    // Only trusted (built-in, plain Node) code can reach the child's stdout; the host must still
    // not trust a protocol stream that stopped being one.
    const dir = path.join(play.root, 'stdout-writer');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.js'), `exports.activate = (s) => {
  s.commands.register('w.garbage', () => { process.stdout.write('not a frame\\r\\n\\r\\n'); return new Promise(() => {}); });
  s.commands.register('w.ok', () => 'ok');
};`);
    runtime = await makeRuntime(play.workspace, { restart: { baseMs: 10 } });
    const sb = await runtime.start({ ...describeExtension({ dir, package: { name: 'stdout-writer' }, security: { sandbox_level: 'none' } }, { builtin: true }) });
    assert.equal(await sb.invoke('w.ok'), 'ok');
    const first = sb.pid!;
    await assert.rejects(sb.invoke('w.garbage'), (e: SandboxError) => e.code === 'SandboxCrashed' && /other than the protocol to its stdout/.test(e.message) && /not framed/.test(e.message));
    await eventually(() => !isAlive(first));
    assert.equal(await sb.invoke('w.ok'), 'ok');
    assert.notEqual(sb.pid, first);
  });

  it('children get an empty environment; Node permission flags confine them where available', async function () {
    process.env.SYMPHONY_SECRET = SECRET;
    try {
      runtime = await makeRuntime(play.workspace);
      const probe = await runtime.start({ ...describeExtension({ dir: path.join(FIXTURES, 'builtin-probe'), package: { name: 'builtin-probe' }, security: { sandbox_level: 'none' } }, { builtin: true }) });
      const env = (await probe.invoke('builtin-probe.env')) as Record<string, string>;
      assert.deepEqual(Object.keys(env).filter((k) => !k.startsWith('NODE_')), [], JSON.stringify(env));
      if (!permissionFlag(process.execPath, {})) this.skip(); // this Node has no permission model
      assert.match(String(await probe.invoke('builtin-probe.readOutside', { file: path.join(play.outside, 'secret.txt') })), /refused: ERR_ACCESS_DENIED/);
      assert.match(String(await probe.invoke('builtin-probe.spawn')), /refused: ERR_ACCESS_DENIED/);
    } finally {
      delete process.env.SYMPHONY_SECRET;
    }
  });

  it('starts children without Node permission flags when a runtime cannot take them', async function () {
    if (process.platform === 'win32') this.skip();
    // An executable that passes the flag probe but dies when a real child is started with the flag.
    const fake = path.join(play.root, 'picky-node.sh');
    fs.writeFileSync(fake, `#!/bin/sh\ncase "$*" in *permission*sandbox-worker*) echo "permission model unavailable" >&2; exit 9;; esac\nexec "${process.execPath}" "$@"\n`, { mode: 0o755 });
    runtime = await makeRuntime(play.workspace, { launch: { workerPath: await buildWorker(), executable: fake } });
    const logs: string[] = [];
    runtime.onDidLog((l) => logs.push(l.message));
    const sb = await runtime.start(fixtureExtension('benign', 'strict'));
    assert.deepEqual(await sb.invoke('benign.echo', 'x'), { echo: 'x', calls: 1 });
    assert.ok(logs.some((m) => /could not start with Node's permission flags/.test(m)), logs.join('\n'));
  });

  it('runs sandbox_level "none" in the moderate sandbox unless the extension is built in', async () => {
    runtime = await makeRuntime(play.workspace);
    const logs: string[] = [];
    runtime.onDidLog((l) => logs.push(l.message));
    const probe = await runtime.start(describeExtension({ dir: path.join(FIXTURES, 'builtin-probe'), package: { name: 'builtin-probe' }, security: { sandbox_level: 'none' } }));
    assert.equal(probe.engine, 'vm2');
    assert.ok(logs.some((m) => /reserved for extensions shipped with Symphony/.test(m)));
    assert.match(String(await probe.invoke('builtin-probe.readOutside', { file: path.join(play.outside, 'secret.txt') })), /refused: (ENOTFOUND|.*Cannot find module)/);
  });
});
