// Python worker bench: a warm pooled worker against spawning a fresh Python per call (the
// baseline, measured in the same run), plus cold start to the first reply.
//
//   npx tsx bench/python-worker.ts [--calls 5000] [--spawns 40] [--colds 10]
//
// Figures: a small call's median and p95 round trip on a warm worker, sequential calls per second
// on one worker, the same for python-per-call, and cold start (spawn → `initialize` reply, and
// spawn → first call's result). Targets (issue 7): warm median < 0.2 ms, ≥ 5,000 calls/s per
// worker, cold start < 300 ms. Prints figures and ratios; never fails on timing.
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { PythonWorker } from '../src/core/python/python-worker';
import { PythonWorkerPool } from '../src/core/python/python-worker-pool';
import { resolvePythonInterpreter } from '../src/core/python/resolve-interpreter';
import { findRuntimeDir } from '../src/core/python/runtime-location';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const CALLS = arg('calls', 5000);
const SPAWNS = arg('spawns', 40);
const COLDS = arg('colds', 10);

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function summary(samples: number[]): { median: number; p95: number; total: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), total: samples.reduce((a, b) => a + b, 0) };
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

async function main(): Promise<void> {
  const interpreter = await resolvePythonInterpreter();
  const runtimeDir = findRuntimeDir();
  console.log(`python worker — Python ${interpreter.version} (${interpreter.executable}), Node ${process.version}`);

  // Warm worker: one pool of one worker, sequential small calls (each awaits the previous).
  const pool = new PythonWorkerPool({ interpreter: interpreter.executable, settings: { poolSize: 1 } });
  await pool.warmUp();
  for (let i = 0; i < 500; i++) await pool.call('operator:add', [i, 1]);
  const warm: number[] = [];
  const startedAll = performance.now();
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await pool.call('operator:add', [i, 1]);
    warm.push(performance.now() - t);
  }
  const warmWall = performance.now() - startedAll;
  pool.dispose();
  const w = summary(warm);
  const warmRate = (CALLS / warmWall) * 1000;

  // The same calls on a bare worker (no pool: no queue, timeout or payload check) show the pool's share.
  const bare = await PythonWorker.start({ command: interpreter.executable, runtimeDir, maxPayloadBytes: 64 * 1024 * 1024 });
  const bareTimes: number[] = [];
  for (let i = 0; i < Math.min(CALLS, 2000); i++) {
    const t = performance.now();
    await bare.request('symphony/call', { entry: 'operator:add', args: [i, 1] });
    bareTimes.push(performance.now() - t);
  }
  bare.dispose();
  const b = summary(bareTimes);

  // Baseline: a fresh interpreter per call.
  const spawned: number[] = [];
  for (let i = 0; i < SPAWNS; i++) {
    const t = performance.now();
    await spawnOnce(interpreter.executable);
    spawned.push(performance.now() - t);
  }
  const s = summary(spawned);
  const spawnRate = (SPAWNS / s.total) * 1000;

  // Cold start: spawn the worker → initialize reply; and spawn → first call result.
  const toReady: number[] = [];
  const toFirst: number[] = [];
  for (let i = 0; i < COLDS; i++) {
    const t = performance.now();
    const worker = await PythonWorker.start({ command: interpreter.executable, runtimeDir, maxPayloadBytes: 64 * 1024 * 1024 });
    toReady.push(performance.now() - t);
    await worker.request('symphony/call', { entry: 'operator:add', args: [1, 2] });
    toFirst.push(performance.now() - t);
    worker.dispose();
  }
  const c = summary(toReady);
  const f = summary(toFirst);

  const row = (label: string, value: string, note: string) => console.log(`  ${label.padEnd(40)} ${value.padStart(14)}   ${note}`);
  const ms = (v: number) => `${v.toFixed(3)} ms`;
  console.log(`warm worker, ${CALLS} sequential calls of operator:add; baseline: ${SPAWNS} × python -c per call`);
  row('warm call, median round trip', ms(w.median), `${(s.median / w.median).toFixed(0)}× faster than baseline; target < 0.2 ms`);
  row('warm call, p95 round trip', ms(w.p95), '');
  row('warm calls per second, one worker', `${warmRate.toFixed(0)}/s`, `${(warmRate / spawnRate).toFixed(0)}× baseline; target ≥ 5,000/s`);
  row('same call on a bare worker (no pool), median', ms(b.median), `pool adds ${(w.median - b.median).toFixed(3)} ms`);
  row('baseline: python per call, median', ms(s.median), 'baseline');
  row('baseline: calls per second', `${spawnRate.toFixed(1)}/s`, 'baseline');
  row('cold start → initialize reply, median', ms(c.median), `${(c.median / s.median).toFixed(2)}× one baseline call; target < 300 ms`);
  row('cold start → first call result, median', ms(f.median), `${(f.median / s.median).toFixed(2)}× one baseline call`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
