// Sandbox costs against baselines measured in the same run: cold start (vs. starting a bare
// Node process), a command round trip (vs. calling the same handler in process), and the memory
// of ten active sandboxed extensions (vs. ten bare Node processes).
// Targets: cold start < 150 ms moderate, < 100 ms strict; round trip < 1 ms median; ten < 300 MB.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeExtension, SandboxRuntime, type SandboxLevel, type SandboxedExtension } from '../src/core/sandbox';
import { PermissionGate } from '../src/core/security';
import { buildWorker, REPO_ROOT } from '../test/unit/core/sandbox/worker-bundle';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/sandbox/benign');

/** Built fresh from source (as esbuild.mjs would), so the figures are of the code in the tree. */
const workerPath = buildWorker;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function ext(level: SandboxLevel, id: string): SandboxedExtension {
  return { ...describeExtension({ dir: FIXTURE, package: { name: 'benign' }, runtime: { entry: 'index.js' }, security: { sandbox_level: level, permissions: [] }, performance: { limits: { memory_mb: 32 } } }), id };
}

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

async function bareNodeStartMs(): Promise<number> {
  const t = performance.now();
  await new Promise<void>((resolve) => spawn(process.execPath, ['-e', '0'], { env: {}, stdio: 'ignore' }).on('exit', () => resolve()));
  return performance.now() - t;
}

async function main(): Promise<void> {
  const worker = await workerPath();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-bench-sandbox-'));
  const newRuntime = () => new SandboxRuntime({ gate: new PermissionGate({ policy: 'permissive' }), workspaceRoot: workspace, launch: { workerPath: worker } });
  console.log(`worker: ${path.relative(REPO_ROOT, worker).startsWith('..') ? worker : path.relative(REPO_ROOT, worker)}`);

  // Cold start: a fresh runtime (new child) to an activated extension.
  const bare: number[] = [];
  for (let i = 0; i < 5; i++) bare.push(await bareNodeStartMs());
  const bareMs = median(bare);
  console.log(`\ncold start (median of 5)            baseline: bare node -e 0 ${bareMs.toFixed(0)} ms`);
  for (const level of ['moderate', 'strict'] as const) {
    const samples: number[] = [];
    for (let i = 0; i < 6; i++) {
      const runtime = newRuntime();
      const t = performance.now();
      await runtime.start(ext(level, `cold-${level}-${i}`));
      samples.push(performance.now() - t);
      runtime.dispose();
    }
    samples.shift(); // the first also probes the permission flag and warms the disk cache
    const ms = median(samples);
    console.log(`  ${level.padEnd(9)} new child            ${ms.toFixed(0).padStart(5)} ms   ×${(ms / bareMs).toFixed(1)} baseline   target < ${level === 'strict' ? 100 : 150} ms`);
  }
  {
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const runtime = newRuntime();
      runtime.prewarm();
      await new Promise((r) => setTimeout(r, 1500)); // the editor prewarms while idle
      const t = performance.now();
      await runtime.start(ext('strict', `prewarmed-${i}`));
      samples.push(performance.now() - t);
      runtime.dispose();
    }
    const ms = median(samples);
    console.log(`  strict    prewarmed child        ${ms.toFixed(0).padStart(5)} ms   ×${(ms / bareMs).toFixed(1)} baseline   target < 100 ms`);
  }
  {
    const runtime = newRuntime();
    await runtime.start(ext('strict', 'warm-0'));
    const samples: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const t = performance.now();
      await runtime.start(ext('strict', `warm-${i}`));
      samples.push(performance.now() - t);
    }
    const ms = median(samples);
    console.log(`  strict    into a running child   ${ms.toFixed(0).padStart(5)} ms   ×${(ms / bareMs).toFixed(1)} baseline`);
    runtime.dispose();
  }

  // Round trip of a command call.
  const direct = async (args: unknown) => ({ echo: args, calls: 1 });
  const directSamples: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    await direct({ i });
    directSamples.push(performance.now() - t);
  }
  const directUs = median(directSamples) * 1000;
  console.log(`\ncommand round trip (median of 2000)  baseline: in-process call ${directUs.toFixed(2)} µs`);
  for (const level of ['strict', 'moderate'] as const) {
    const runtime = newRuntime();
    const sb = await runtime.start(ext(level, `rt-${level}`));
    for (let i = 0; i < 200; i++) await sb.invoke('benign.echo', { i });
    const samples: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      await sb.invoke('benign.echo', { i });
      samples.push(performance.now() - t);
    }
    const us = median(samples) * 1000;
    const p95 = [...samples].sort((a, b) => a - b)[Math.floor(samples.length * 0.95)]! * 1000;
    console.log(`  ${level.padEnd(9)} ${us.toFixed(0).padStart(6)} µs median, ${p95.toFixed(0)} µs p95   ×${(us / directUs).toFixed(0)} baseline   target < 1000 µs`);
    runtime.dispose();
  }

  // Resident memory of ten active extensions (children only; the host is the editor).
  const bareRss: number[] = [];
  const bareChildren = Array.from({ length: 10 }, () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { env: {}, stdio: 'ignore' }));
  await new Promise((r) => setTimeout(r, 500));
  for (const c of bareChildren) bareRss.push(rssOf(c.pid!));
  for (const c of bareChildren) c.kill();
  const bareTotal = bareRss.reduce((a, b) => a + b, 0) / 1048576;
  console.log(`\nten active extensions, resident memory of their children   baseline: ten bare node processes ${bareTotal.toFixed(0)} MB`);
  for (const mix of [{ strict: 10, moderate: 0 }, { strict: 5, moderate: 5 }, { strict: 0, moderate: 10 }]) {
    const runtime = newRuntime();
    const started = [];
    for (let i = 0; i < mix.strict; i++) started.push(await runtime.start(ext('strict', `mem-s${i}`)));
    for (let i = 0; i < mix.moderate; i++) started.push(await runtime.start(ext('moderate', `mem-m${i}`)));
    for (const sb of started) await sb.invoke('benign.echo', 'warm');
    const total = runtime.pids().reduce((sum, pid) => sum + rssOf(pid), 0) / 1048576;
    console.log(`  ${String(mix.strict).padStart(2)} strict + ${String(mix.moderate).padStart(2)} moderate  ${runtime.processCount} children  ${total.toFixed(0).padStart(5)} MB   ×${(total / bareTotal).toFixed(2)} baseline   target < 300 MB`);
    runtime.dispose();
  }
  fs.rmSync(workspace, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
