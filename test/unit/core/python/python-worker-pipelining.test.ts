import assert from 'node:assert/strict';
import { isPythonError } from '../../../../src/core/python/python-errors';
import type { PythonWorkerPool } from '../../../../src/core/python/python-worker-pool';
import { fixturePool, requirePython } from './python-test-setup';

// Pipelining: calls sent to a worker before its previous answer arrives. The policy's time limit is
// raised here so that a loaded test machine cannot turn pipelining off and make the tests vacuous.
describe('PythonWorkerPool pipelining calls to one worker', function () {
  this.timeout(30_000);
  let pool: PythonWorkerPool;

  before(async function () {
    await requirePython(this);
  });

  afterEach(() => pool.dispose());

  async function quickPool(depth = 8): Promise<PythonWorkerPool> {
    ({ pool } = fixturePool({ pipeline: { depth, maxCallMs: 10_000 } }));
    await pool.call('node_ops.calls:echo', ['warm']); // a first quick answer makes the worker eligible
    return pool;
  }

  it('sends up to the pipeline depth to one worker and answers every call with its own result', async () => {
    await quickPool(8);
    const calls = Array.from({ length: 200 }, (_, i) => pool.call<number>('node_ops.calls:add', [i, 1000]));
    assert.equal(pool.stats.inFlight, 8, 'eight calls in flight on the one worker');
    assert.equal(pool.stats.workers, 1);
    assert.deepEqual(await Promise.all(calls), Array.from({ length: 200 }, (_, i) => i + 1000));
    assert.equal(pool.stats.inFlight, 0);
  });

  it('sends nothing behind a worker that is not known to be quick', async () => {
    ({ pool } = fixturePool());
    await pool.warmUp(); // started, but no call answered yet: nothing says its calls are quick
    const slow = pool.call('node_ops.calls:sleepy', [0.3]);
    const next = pool.call('node_ops.calls:echo', ['next']);
    assert.equal(pool.stats.inFlight, 1);
    assert.equal(pool.stats.queued, 1);
    assert.deepEqual(await Promise.all([slow, next]), ['woke', 'next']);
  });

  it('stops pipelining behind a call that runs longer than the policy allows', async () => {
    ({ pool } = fixturePool({ pipeline: { depth: 8, maxCallMs: 50 } }));
    await pool.call('node_ops.calls:echo', ['warm']);
    const slow = pool.call('node_ops.calls:sleepy', [0.5]);
    await new Promise((r) => setTimeout(r, 150));
    const next = pool.call('node_ops.calls:echo', ['next']);
    assert.equal(pool.stats.inFlight, 1, 'the call waits in the pool, free to go to any worker');
    assert.deepEqual(await Promise.all([slow, next]), ['woke', 'next']);
  });

  it('fails a pipelined call cancelled before it started at once; the worker goes on', async () => {
    await quickPool();
    const [pid] = pool.workerPids;
    const running = pool.call('node_ops.calls:sleepy', [0.5]);
    const abort = new AbortController();
    const waiting = pool.call('node_ops.calls:echo', ['never'], undefined, { signal: abort.signal });
    const after = pool.call('node_ops.calls:echo', ['after']);
    assert.equal(pool.stats.inFlight, 3);
    const started = Date.now();
    abort.abort();
    await assert.rejects(waiting, (err: Error) => isPythonError(err, 'PythonCancelled'));
    assert.ok(Date.now() - started < 300, 'rejected without waiting for the running call');
    assert.deepEqual(await Promise.all([running, after]), ['woke', 'after']);
    assert.deepEqual(pool.workerPids, [pid]);
  });

  it('counts a pipelined call\'s timeout from when it starts, not from when it was sent', async () => {
    await quickPool();
    // Counted from sending, the second call's 900 ms would run out at 0.9 s; it answers at about 1 s.
    const first = pool.call('node_ops.calls:sleepy', [0.5], undefined, { timeoutMs: 3_000 });
    const second = pool.call('node_ops.calls:sleepy', [0.5], undefined, { timeoutMs: 900 });
    assert.equal(pool.stats.inFlight, 2);
    assert.deepEqual(await Promise.all([first, second]), ['woke', 'woke']);
  });

  it('times out a pipelined call that runs too long once started', async () => {
    await quickPool();
    const first = pool.call('node_ops.calls:echo', [1]);
    const second = pool.call('node_ops.calls:sleepy', [30], undefined, { timeoutMs: 300 });
    await assert.rejects(second, (err: Error) => isPythonError(err, 'PythonTimeout') && /within 300 ms/.test(err.message));
    assert.equal(await first, 1);
    assert.equal(await pool.call('node_ops.calls:echo', [3]), 3);
  });

  it('runs the calls waiting behind a crashed call again on the new worker', async () => {
    await quickPool();
    const [victim] = pool.workerPids;
    const doomed = pool.call('node_ops.calls:sleepy', [30]);
    const behind = [pool.call('node_ops.calls:echo', ['b']), pool.call('node_ops.calls:pid')];
    assert.equal(pool.stats.inFlight, 3);
    await new Promise((r) => setTimeout(r, 200));
    process.kill(victim!, 'SIGKILL');
    await assert.rejects(doomed, (err: Error) => isPythonError(err, 'PythonWorkerCrashed') && /killed by SIGKILL/.test(err.message));
    const [echoed, pid] = await Promise.all(behind);
    assert.equal(echoed, 'b');
    assert.notEqual(pid, victim, 'it ran on the replacement worker');
    assert.equal(pool.stats.crashes, 1);
  });

  it('keeps each pipelined call\'s logs and progress with that call', async () => {
    await quickPool();
    const lines: Record<string, string[]> = { a: [], b: [] };
    const progress: number[] = [];
    await Promise.all([
      pool.call('node_ops.calls:chatty', ['a'], undefined, { onLog: (_l, m) => lines.a!.push(m) }),
      pool.call('node_ops.calls:chatty', ['b'], undefined, { onLog: (_l, m) => lines.b!.push(m) }),
      pool.call('node_ops.calls:reports', [2], undefined, { onProgress: (f) => progress.push(f) }),
    ]);
    assert.ok(lines.a!.includes('hello from print a') && !lines.a!.some((l) => l.includes('print b')), lines.a!.join('\n'));
    assert.ok(lines.b!.includes('hello from print b') && !lines.b!.some((l) => l.includes('print a')), lines.b!.join('\n'));
    assert.deepEqual(progress, [0.5, 1]);
  });
});
