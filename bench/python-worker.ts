// Python worker bench: a warm pooled worker against spawning a fresh Python per call (the
// baseline, measured in the same run), plus cold start to the first reply.
//
//   npx tsx bench/python-worker.ts [--calls 5000] [--spawns 40] [--colds 10] [--depth 16]
//
// Figures, all on ONE worker process:
// - sequential: each call awaits the previous answer (a loop that needs each result before the
//   next call). Median and p95 round trip, and calls per second.
// - pipelined: many calls in flight to the same worker (how a melody with many items calls it);
//   the worker goes from one call to the next without waiting for a round trip.
// - the same calls on a bare worker (no pool) and through a stock vscode-jsonrpc client, to show
//   what the pool and the framing cost; CPU time per call on each side of the pipe.
// - cold start (spawn → `initialize` reply, spawn → first call's result).
// Each variant is warmed up first (--warmup calls, not measured).
// Targets (issue 7): warm median < 0.2 ms, ≥ 5,000 calls/s per worker, cold start < 300 ms.
// Prints figures and ratios; never fails on timing.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { PythonWorker } from '../src/core/python/python-worker';
import { PythonWorkerPool } from '../src/core/python/python-worker-pool';
import { resolvePythonInterpreter } from '../src/core/python/resolve-interpreter';
import { findRuntimeDir } from '../src/core/python/runtime-location';
import { startFramedEcho } from './lib/framed-echo';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const CALLS = arg('calls', 5000);
const SPAWNS = arg('spawns', 40);
const COLDS = arg('colds', 10);
const DEPTH = arg('depth', 16);
const ENTRY = 'operator:add';
/** Calls made before measuring: the first few thousand run before V8 has optimised the hot path,
 * which a long-running extension host has long done; unwarmed, the first variant measured loses. */
const WARM_UP = arg('warmup', 3000);

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function summary(samples: number[]): { median: number; p95: number; total: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), total: samples.reduce((a, b) => a + b, 0) };
}

/** CPU milliseconds a child process has used (Linux /proc; undefined elsewhere). */
function childCpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in 1/100 s ticks
  } catch {
    return undefined;
  }
}

interface Run {
  median: number;
  p95: number;
  rate: number;
  nodeCpuUs: number;
  pythonCpuUs?: number;
}

/** Sequential calls: each awaits the previous answer. */
async function sequential(pid: number | undefined, call: (i: number) => Promise<unknown>, n = CALLS): Promise<Run> {
  for (let i = 0; i < WARM_UP; i++) await call(i);
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  const py0 = childCpuMs(pid);
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call(i);
    times.push(performance.now() - t);
  }
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const py1 = childCpuMs(pid);
  const s = summary(times);
  return {
    median: s.median,
    p95: s.p95,
    rate: (n / wall) * 1000,
    nodeCpuUs: (cpu.user + cpu.system) / n,
    pythonCpuUs: py0 !== undefined && py1 !== undefined ? ((py1 - py0) * 1000) / n : undefined,
  };
}

/** Pipelined calls: `inFlight` at a time to the same worker, a new one sent as each answers. */
async function pipelined(pid: number | undefined, call: (i: number) => Promise<unknown>, inFlight: number, n = CALLS): Promise<Run> {
  const cpu0 = process.cpuUsage();
  const py0 = childCpuMs(pid);
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < n) await call(next++);
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const py1 = childCpuMs(pid);
  return {
    median: NaN,
    p95: NaN,
    rate: (n / wall) * 1000,
    nodeCpuUs: (cpu.user + cpu.system) / n,
    pythonCpuUs: py0 !== undefined && py1 !== undefined ? ((py1 - py0) * 1000) / n : undefined,
  };
}

function spawnOnce(python: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(python, ['-c', 'import json, operator; print(json.dumps(operator.add(2, 40)))'], (err, stdout) => {
      if (err) return reject(err);
      if (stdout.trim() !== '42') return reject(new Error(`unexpected output ${stdout}`));
      resolve();
    });
  });
}

/** A Python loop that answers each Content-Length frame and does nothing else: the floor of a round trip. */
const ECHO_PY = `import json, sys
inp, out = sys.stdin.buffer, sys.stdout.buffer
while True:
    line = inp.readline()
    if not line:
        break
    n = int(line.split(b':')[1])
    inp.readline()
    req = json.loads(inp.read(n))
    body = json.dumps({'jsonrpc': '2.0', 'id': req['id'], 'result': 0}).encode()
    out.write(b'Content-Length: %d\\r\\n\\r\\n' % len(body) + body)
    out.flush()
`;

async function main(): Promise<void> {
  const interpreter = await resolvePythonInterpreter();
  const python = interpreter.executable;
  const runtimeDir = findRuntimeDir();
  console.log(`python worker — Python ${interpreter.version} (${python}), Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  // The pool as operators use it: one worker, the default pipeline policy.
  const pool = new PythonWorkerPool({ interpreter: python, settings: { poolSize: 1, maxQueue: 100_000 } });
  await pool.warmUp();
  const poolPid = pool.workerPids[0];
  const poolCall = (i: number) => pool.call(ENTRY, [i, 1]);
  const poolSeq = await sequential(poolPid, poolCall);
  const poolPipe = await pipelined(poolPid, poolCall, DEPTH);
  pool.dispose();

  // A bare worker (no queue, timeout or payload check) shows the pool's share.
  const bare = await PythonWorker.start({ command: python, runtimeDir, maxPayloadBytes: 64 * 1024 * 1024 });
  const bareCall = (i: number) => bare.request(PythonMethodsCall, { entry: ENTRY, args: [i, 1] });
  const bareSeq = await sequential(bare.pid, bareCall);
  const barePipe = await pipelined(bare.pid, bareCall, DEPTH);
  bare.dispose();

  // The same worker process driven by vscode-jsonrpc's stock MessageConnection, for reference.
  const stock = spawn(python, [path.join(runtimeDir, 'symphony_runtime', '__main__.py')], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, PYTHONPATH: runtimeDir },
  });
  const connection = createMessageConnection(new StreamMessageReader(stock.stdout), new StreamMessageWriter(stock.stdin));
  connection.listen();
  const stockCall = (i: number) => connection.sendRequest(PythonMethodsCall, { entry: ENTRY, args: [i, 1] });
  const stockSeq = await sequential(stock.pid, stockCall, Math.min(CALLS, 3000));
  connection.dispose();
  stock.kill();

  // The floor: a Python loop that only echoes frames over the same kind of pipes.
  const echo = startFramedEcho(python, ['-c', ECHO_PY], (i) => ({ jsonrpc: '2.0', id: i, method: 'call', params: { entry: ENTRY, args: [i, 1] } }));
  const floorSeq = await sequential(echo.pid, echo.call);
  echo.stop();

  // Baseline: a fresh interpreter per call.
  const spawned: number[] = [];
  for (let i = 0; i < SPAWNS; i++) {
    const t = performance.now();
    await spawnOnce(python);
    spawned.push(performance.now() - t);
  }
  const s = summary(spawned);
  const spawnRate = (SPAWNS / s.total) * 1000;

  // Cold start: spawn the worker → initialize reply; and spawn → first call result.
  const toReady: number[] = [];
  const toFirst: number[] = [];
  for (let i = 0; i < COLDS; i++) {
    const t = performance.now();
    const worker = await PythonWorker.start({ command: python, runtimeDir, maxPayloadBytes: 64 * 1024 * 1024 });
    toReady.push(performance.now() - t);
    await worker.request(PythonMethodsCall, { entry: ENTRY, args: [1, 2] });
    toFirst.push(performance.now() - t);
    worker.dispose();
  }
  const c = summary(toReady);
  const f = summary(toFirst);

  const row = (label: string, value: string, note = '') => console.log(`  ${label.padEnd(52)} ${value.padStart(12)}   ${note}`);
  const ms = (v: number) => `${v.toFixed(3)} ms`;
  const rate = (v: number) => `${v.toFixed(0)}/s`;
  const cpu = (r: Run) => `${r.nodeCpuUs.toFixed(0)} µs Node + ${r.pythonCpuUs === undefined ? '?' : r.pythonCpuUs.toFixed(0)} µs Python`;
  const verdict = (ok: boolean) => (ok ? 'MEETS target' : 'misses target');
  console.log(`${CALLS} small calls (${ENTRY}) on ONE warm worker process; baseline: ${SPAWNS} × python -c per call`);
  console.log('sequential — each call awaits the previous answer:');
  row('warm call, median round trip (pool)', ms(poolSeq.median), `${(s.median / poolSeq.median).toFixed(0)}× faster than baseline; target < 0.2 ms: ${verdict(poolSeq.median < 0.2)}`);
  row('warm call, p95 round trip (pool)', ms(poolSeq.p95));
  row('calls per second, one worker, sequential (pool)', rate(poolSeq.rate), `${(poolSeq.rate / spawnRate).toFixed(0)}× baseline; target ≥ 5,000/s: ${verdict(poolSeq.rate >= 5000)}`);
  row('CPU per sequential call (pool)', '', cpu(poolSeq));
  row('floor: bare Python echo over pipes, median', ms(floorSeq.median), `${rate(floorSeq.rate)}, ${cpu(floorSeq)}; the pool is ${(poolSeq.median / floorSeq.median).toFixed(2)}× this`);
  row('bare worker (no pool), median round trip', ms(bareSeq.median), `pool adds ${(poolSeq.median - bareSeq.median).toFixed(3)} ms`);
  row('bare worker (no pool), calls per second', rate(bareSeq.rate), cpu(bareSeq));
  row('stock vscode-jsonrpc client, median round trip', ms(stockSeq.median), `${(stockSeq.median / bareSeq.median).toFixed(2)}× the bare worker's`);
  row('stock vscode-jsonrpc client, calls per second', rate(stockSeq.rate), cpu(stockSeq));
  console.log(`pipelined — ${DEPTH} calls in flight to the same single worker (a melody's many items):`);
  row('calls per second, one worker, pipelined (pool)', rate(poolPipe.rate), `${(poolPipe.rate / spawnRate).toFixed(0)}× baseline, ${(poolPipe.rate / poolSeq.rate).toFixed(1)}× sequential; target ≥ 5,000/s: ${verdict(poolPipe.rate >= 5000)}`);
  row('CPU per pipelined call (pool)', '', cpu(poolPipe));
  row('calls per second, one worker, pipelined (bare)', rate(barePipe.rate), cpu(barePipe));
  console.log('baseline and cold start:');
  row('baseline: python per call, median', ms(s.median), 'baseline');
  row('baseline: calls per second', `${spawnRate.toFixed(1)}/s`, 'baseline');
  row('cold start → initialize reply, median', ms(c.median), `${(c.median / s.median).toFixed(2)}× one baseline call; target < 300 ms: ${verdict(c.median < 300)}`);
  row('cold start → first call result, median', ms(f.median), `${(f.median / s.median).toFixed(2)}× one baseline call`);
  console.log(`load average after the run: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

const PythonMethodsCall = 'symphony/call';

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
