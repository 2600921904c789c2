import assert from 'node:assert/strict';
import { isPythonError } from '../../../../src/core/python/python-errors';
import type { PythonWorkerPool } from '../../../../src/core/python/python-worker-pool';
import { eventually, fixturePool, fixturesDir, requirePython } from './python-test-setup';

describe('PythonWorkerPool with real Python processes', function () {
  this.timeout(30_000);
  let pool: PythonWorkerPool;
  let logs: string[];

  before(async function () {
    await requirePython(this);
  });

  beforeEach(() => {
    ({ pool, logs } = fixturePool());
  });

  afterEach(() => pool.dispose());

  it('calls a function and returns its result', async () => {
    assert.equal(await pool.call('node_ops.calls:add', [2, 40]), 42);
    assert.deepEqual(await pool.call('node_ops.calls:echo', [{ a: [1, null, true] }]), { a: [1, null, true] });
  });

  it('reports a Python exception with its traceback', async () => {
    await assert.rejects(pool.call('node_ops.calls:boom', [7]), (err: Error) => {
      assert.ok(isPythonError(err, 'PythonException'), String(err));
      assert.match(err.message, /node_ops\.calls:boom/);
      assert.match(err.message, /ValueError: value 7 is not allowed/);
      assert.match(err.message, /Python traceback:[\s\S]*calls\.py", line \d+, in check/);
      return true;
    });
    assert.equal(await pool.call('node_ops.calls:add', [1, 1]), 2, 'the worker survives an exception');
  });

  it('reports an import error in the operator module with the traceback', async () => {
    await assert.rejects(pool.call('node_ops.broken_import:anything'), (err: Error) => {
      assert.ok(isPythonError(err, 'PythonImportError'), String(err));
      assert.match(err.message, /JSONDecodeError/);
      assert.match(err.message, /broken_import\.py", line 3/);
      return true;
    });
  });

  it('times out a call, interrupting it without losing the worker', async () => {
    await pool.warmUp();
    const before = pool.workerPids;
    await assert.rejects(pool.call('node_ops.calls:sleepy', [30], undefined, { timeoutMs: 300 }), (err: Error) => {
      assert.ok(isPythonError(err, 'PythonTimeout'), String(err));
      assert.match(err.message, /did not finish within 300 ms/);
      return true;
    });
    assert.deepEqual(pool.workerPids, before, 'a cancellable call keeps its worker');
    assert.equal(await pool.call('node_ops.calls:add', [1, 2]), 3);
  });

  it('cancels a call through its AbortSignal', async () => {
    const abort = new AbortController();
    const call = pool.call('node_ops.calls:sleepy', [30], undefined, { signal: abort.signal });
    setTimeout(() => abort.abort(), 200);
    const started = Date.now();
    await assert.rejects(call, (err: Error) => isPythonError(err, 'PythonCancelled'));
    assert.ok(Date.now() - started < 3_000);
    assert.equal(await pool.call('node_ops.calls:echo', ['after']), 'after');
  });

  it('kills and replaces a worker that ignores cancellation past the grace period', async () => {
    await pool.warmUp();
    const [first] = pool.workerPids;
    await assert.rejects(pool.call('node_ops.calls:stubborn', [20], undefined, { timeoutMs: 200 }), (err: Error) => {
      assert.ok(isPythonError(err, 'PythonTimeout'), String(err));
      assert.match(err.message, /killed and replaced/);
      return true;
    });
    const pid = await pool.call<number>('node_ops.calls:pid');
    assert.notEqual(pid, first);
  });

  it('fails a call whose worker is killed mid-call, and runs the next call on a new worker', async () => {
    await pool.warmUp();
    const [victim] = pool.workerPids;
    const call = pool.call('node_ops.calls:sleepy', [30]);
    await new Promise((r) => setTimeout(r, 200));
    process.kill(victim!, 'SIGKILL');
    await assert.rejects(call, (err: Error) => {
      assert.ok(isPythonError(err, 'PythonWorkerCrashed'), String(err));
      assert.match(err.message, /node_ops\.calls:sleepy was killed by SIGKILL/);
      assert.match(err.message, /next call runs on a new worker/);
      return true;
    });
    const pid = await pool.call<number>('node_ops.calls:pid');
    assert.notEqual(pid, victim);
    assert.equal(pool.stats.crashes, 1);
  });

  it('replaces a worker that stops answering its heartbeat', async () => {
    ({ pool, logs } = fixturePool({ heartbeat: { everyMs: 200, timeoutMs: 300 } }));
    await pool.warmUp();
    const [frozen] = pool.workerPids;
    process.kill(frozen!, 'SIGSTOP');
    await eventually(() => pool.workerPids.length === 1 && pool.workerPids[0] !== frozen, 'a replacement for the frozen worker', 10_000);
    assert.ok(logs.some((l) => l.includes('missed its heartbeat')), logs.join('\n'));
    assert.equal(await pool.call('node_ops.calls:echo', ['alive']), 'alive');
  });

  it('keeps print() and stderr output off the protocol and in the call log', async () => {
    const callLog: string[] = [];
    const value = await pool.call('node_ops.calls:chatty', ['x'], undefined, { onLog: (level, message) => callLog.push(`${level}: ${message}`) });
    assert.equal(value, 'x');
    assert.ok(callLog.includes('info: hello from print x'), callLog.join('\n'));
    assert.ok(callLog.some((l) => l.includes('Content-Length: 99')), 'a printed fake header is just a log line');
    assert.ok(callLog.includes('warn: warning on stderr'));
    assert.equal(await pool.call('node_ops.calls:add', [2, 2]), 4);
  });

  it('sends a raw write to file descriptor 1 to the log, not the protocol', async () => {
    await pool.warmUp();
    const [pid] = pool.workerPids;
    assert.equal(await pool.call('node_ops.calls:raw_fd_write', [5]), 5);
    await eventually(() => logs.some((l) => l.includes('raw garbage!')), 'the raw write in the log');
    assert.deepEqual(pool.workerPids, [pid], 'the worker was not replaced');
  });

  it('fails only the worker whose protocol stream was corrupted, then replaces it', async () => {
    ({ pool, logs } = fixturePool({ settings: { poolSize: 2 } }));
    await pool.warmUp();
    const [a, b] = pool.workerPids;
    const healthy = pool.call('node_ops.calls:sleepy', [1]);
    await new Promise((r) => setTimeout(r, 50));
    await assert.rejects(pool.call('node_ops.calls:corrupt_protocol', [1]), (err: Error) => {
      assert.ok(isPythonError(err, 'PythonProtocolError'), String(err));
      assert.match(err.message, /not a valid protocol stream/);
      return true;
    });
    assert.equal(await healthy, 'woke', 'the other worker finished its call');
    await eventually(() => pool.workerPids.length === 2, 'a replacement worker');
    const survivors = pool.workerPids.filter((p) => p === a || p === b);
    assert.equal(survivors.length, 1);
  });

  it('keeps the working directory and the runtime internals off sys.path', async () => {
    const entries = await pool.call<string[]>('node_ops.calls:path_entries');
    assert.ok(!entries.some((p) => p.endsWith('symphony_runtime')), entries.join('\n'));
    assert.ok(!entries.includes('') && !entries.includes(process.cwd()), entries.join('\n'));
  });

  it('passes non-ASCII text intact both ways', async () => {
    const text = 'Grüße — 世界 — 🎵🎶 — עברית — \u0000 nul — \ud83d\ude00';
    assert.equal(await pool.call('node_ops.calls:echo', [text]), text);
    assert.equal(await pool.call('node_ops.calls:length', ['🎵é']), 2);
  });

  it('moves 10 MB payloads in and out', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    assert.equal(await pool.call('node_ops.calls:length', [big]), big.length);
    const back = await pool.call<string>('node_ops.calls:big', [5 * 1024 * 1024]);
    assert.equal(back.length, 5 * 1024 * 1024);
    assert.equal(back[12345], 'é');
  });

  it('runs 100 concurrent calls across the pool', async () => {
    ({ pool, logs } = fixturePool({ settings: { poolSize: 2 } }));
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => pool.call<number>('node_ops.calls:add', [i, 1])));
    assert.deepEqual(results, Array.from({ length: 100 }, (_, i) => i + 1));
    assert.equal(pool.stats.workers, 2);
  });

  it('streams progress and log lines to the call', async () => {
    const progress: number[] = [];
    const lines: string[] = [];
    await pool.call('node_ops.calls:reports', [4], undefined, { onProgress: (f) => progress.push(f), onLog: (_l, m) => lines.push(m) });
    assert.deepEqual(progress, [0.25, 0.5, 0.75, 1]);
    assert.deepEqual(lines, ['all steps done']);
  });

  it('names the value that is not JSON-serialisable', async () => {
    await assert.rejects(pool.call('node_ops.calls:not_json'), (err: Error) => {
      assert.ok(isPythonError(err, 'PythonNotSerializable'), String(err));
      assert.match(err.message, /result\['when'\] holds a set/);
      return true;
    });
  });

  it('refuses oversized payloads in either direction', async () => {
    ({ pool, logs } = fixturePool({ settings: { maxPayloadMB: 1 } }));
    await assert.rejects(pool.call('node_ops.calls:length', ['y'.repeat(2 * 1024 * 1024)]), (err: Error) => {
      assert.ok(isPythonError(err, 'PythonPayloadTooLarge'), String(err));
      assert.match(err.message, /over the 1\.0 MB limit.*symphony\.python\.maxPayloadMB/);
      return true;
    });
    await assert.rejects(pool.call('node_ops.calls:big', [1024 * 1024]), (err: Error) => isPythonError(err, 'PythonPayloadTooLarge'));
  });

  it('applies back-pressure with a bounded queue', async () => {
    ({ pool, logs } = fixturePool({ settings: { maxQueue: 3 } }));
    await pool.warmUp();
    const accepted = [pool.call('node_ops.calls:sleepy', [0.3]), pool.call('node_ops.calls:echo', [1]), pool.call('node_ops.calls:echo', [2]), pool.call('node_ops.calls:echo', [3])];
    await assert.rejects(pool.call('node_ops.calls:echo', [4]), (err: Error) => isPythonError(err, 'PythonQueueFull') && /symphony\.python\.maxQueue/.test(err.message));
    await pool.waitForRoom();
    assert.equal(await pool.call('node_ops.calls:echo', [5]), 5);
    assert.deepEqual((await Promise.all(accepted)).slice(1), [1, 2, 3]);
  });

  it('refuses to start Python in an untrusted workspace', async () => {
    ({ pool, logs } = fixturePool({ isTrusted: () => false }));
    await assert.rejects(pool.call('node_ops.calls:echo', [1]), (err: Error) => {
      assert.ok(isPythonError(err, 'PythonUntrusted'));
      assert.match(err.message, /not trusted/);
      assert.match(err.message, /Manage Workspace Trust/);
      return true;
    });
    await assert.rejects(pool.warmUp(), (err: Error) => isPythonError(err, 'PythonUntrusted'));
    assert.equal(pool.stats.started, 0);
  });

  it('says clearly when Python is not found', async () => {
    ({ pool, logs } = fixturePool({ interpreter: '/nonexistent/python3' }));
    await assert.rejects(pool.call('node_ops.calls:echo', [1]), (err: Error) => {
      assert.ok(isPythonError(err, 'PythonNotFound'), String(err));
      assert.match(err.message, /\/nonexistent\/python3/);
      return true;
    });
  });

  it('says clearly when the configured Python is too old', async () => {
    ({ pool, logs } = fixturePool({ interpreter: undefined, settings: { path: `${fixturesDir}/fake-old-python` } }));
    await assert.rejects(pool.call('node_ops.calls:echo', [1]), (err: Error) => {
      assert.ok(isPythonError(err, 'PythonTooOld'), String(err));
      assert.match(err.message, /Python 3\.8\.10 .* too old.*3\.9 or newer/);
      return true;
    });
  });

  it('cancels a queued call without running it', async () => {
    const abort = new AbortController();
    const first = pool.call('node_ops.calls:sleepy', [0.3]);
    const second = pool.call('node_ops.calls:echo', [2], undefined, { signal: abort.signal });
    abort.abort();
    await assert.rejects(second, (err: Error) => isPythonError(err, 'PythonCancelled') && /before it started/.test(err.message));
    assert.equal(await first, 'woke');
  });

  it('fails calls in flight when disposed', async () => {
    const call = pool.call('node_ops.calls:sleepy', [30]);
    await new Promise((r) => setTimeout(r, 300));
    pool.dispose();
    await assert.rejects(call, (err: Error) => isPythonError(err, 'PythonPoolDisposed'));
    await assert.rejects(pool.call('node_ops.calls:echo', [1]), (err: Error) => isPythonError(err, 'PythonPoolDisposed'));
  });
});
