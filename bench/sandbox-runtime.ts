// Sandbox costs against baselines measured in the same run: cold start (vs. starting a bare
// Node process), a command round trip (vs. calling the same handler in process), and the memory
// of ten active sandboxed extensions (vs. ten bare Node processes).
// Targets: cold start < 150 ms moderate, < 100 ms strict; round trip < 1 ms median; ten < 300 MB
// (judged on PSS: resident memory with the pages children share, like the Node binary, split
// between the processes that share them, instead of counted once per child as RSS does).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeExtension, SandboxRuntime, type SandboxLevel, type SandboxedExtension } from '../src/core/sandbox';
import { PermissionGate } from '../src/core/security';
import { buildWorker, REPO_ROOT } from '../test/unit/core/sandbox/worker-bundle';
import { startFramedEcho } from './lib/framed-echo';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/sandbox/benign');

/** Built fresh from source, minified as `npm run package` builds it, so the figures are of what ships. */
const workerPath = () => buildWorker({ minify: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function ext(level: SandboxLevel, id: string): SandboxedExtension {
  return { ...describeExtension({ dir: FIXTURE, package: { name: 'benign' }, runtime: { entry: 'index.js' }, security: { sandbox_level: level, permissions: [] }, performance: { limits: { memory_mb: 32 } } }), id };
}

/** Memory of one process, bytes: resident (RSS), proportional (PSS) and private (USS); Linux only. */
interface Memory {
  rss: number;
  pss: number;
  uss: number;
}

function memoryOf(pid: number): Memory | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  } catch {
    return undefined; // not Linux (or too old a kernel): the figures are printed as n/a
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { rss: kb('Rss'), pss: kb('Pss'), uss: kb('Private_Clean') + kb('Private_Dirty') };
}

/** Sums the memory of processes; undefined when any could not be read. */
function totalOf(pids: number[]): Memory | undefined {
  const all = pids.map(memoryOf);
  if (all.some((m) => m === undefined)) return undefined;
  return all.reduce<Memory>((t, m) => ({ rss: t.rss + m!.rss, pss: t.pss + m!.pss, uss: t.uss + m!.uss }), { rss: 0, pss: 0, uss: 0 });
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0).padStart(4)} MB`;

/** The child of pipeEchoUs: answers each Content-Length frame with a small frame, nothing else. */
const ECHO_CHILD = `let b = Buffer.alloc(0);
process.stdin.on('data', (c) => {
  b = Buffer.concat([b, c]);
  for (;;) {
    const e = b.indexOf('\\r\\n\\r\\n');
    if (e < 0) return;
    const n = Number(b.toString('latin1', 16, e));
    if (b.length < e + 4 + n) return;
    const id = JSON.parse(b.toString('utf8', e + 4, e + 4 + n)).id;
    b = b.subarray(e + 4 + n);
    const out = JSON.stringify({ jsonrpc: '2.0', id, result: null });
    process.stdout.write('Content-Length: ' + Buffer.byteLength(out) + '\\r\\n\\r\\n' + out);
  }
});`;

/** Median round trip to a bare Node child over stdio pipes: what no sandbox can go below on this machine. */
async function pipeEchoUs(): Promise<number> {
  const echo = startFramedEcho(process.execPath, ['-e', ECHO_CHILD], (id) => ({ jsonrpc: '2.0', id, method: 'sandbox/invoke', params: { extension: 'x', command: 'benign.echo', args: { i: id } } }));
  for (let i = 0; i < 200; i++) await echo.call(i);
  const samples: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    await echo.call(i);
    samples.push(performance.now() - t);
  }
  echo.stop();
  return median(samples) * 1000;
}

async function bareNodeStartMs(): Promise<number> {
  const t = performance.now();
  await new Promise<void>((resolve) => spawn(process.execPath, ['-e', '0'], { env: {}, stdio: 'ignore' }).on('exit', () => resolve()));
  return performance.now() - t;
}

/** Starts one child (which has the cache made) and waits until the cache file is there. */
async function codeCacheMade(dir: string, engine: string, startOne: () => Promise<unknown>): Promise<void> {
  const has = () => fs.readdirSync(dir).some((f) => f.startsWith(`${engine}-`) && f.endsWith('.v8cache'));
  if (has()) return;
  await startOne();
  for (let i = 0; i < 100 && !has(); i++) await new Promise((r) => setTimeout(r, 100));
  if (!has()) throw new Error(`no code cache for ${engine} was made in ${dir}`);
}

async function main(): Promise<void> {
  const worker = await workerPath();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-bench-sandbox-'));
  const codeCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-bench-code-cache-'));
  const newRuntime = (cached = true) => new SandboxRuntime({ gate: new PermissionGate({ policy: 'permissive' }), workspaceRoot: workspace, launch: { workerPath: worker, codeCacheDir: cached ? codeCacheDir : undefined } });
  console.log(`worker: ${path.relative(REPO_ROOT, worker).startsWith('..') ? worker : path.relative(REPO_ROOT, worker)}`);

  // Cold start: a fresh runtime (new child) to an activated extension. A child compiles its
  // engine's bundle from scratch only until the code cache for it exists (made in the background
  // by the first child's start); the editor and the CLI keep that cache across sessions.
  const bare: number[] = [];
  for (let i = 0; i < 5; i++) bare.push(await bareNodeStartMs());
  const bareMs = median(bare);
  console.log(`\ncold start (median of 9, fastest–slowest)   baseline: bare node -e 0 ${bareMs.toFixed(0)} ms`);
  for (const level of ['moderate', 'strict'] as const) {
    const target = level === 'strict' ? 100 : 150;
    for (const cached of [false, true]) {
      if (cached) {
        const maker = newRuntime();
        await codeCacheMade(codeCacheDir, level === 'strict' ? 'quickjs' : 'vm2', () => maker.start(ext(level, `make-cache-${level}`)));
        maker.dispose();
      }
      const samples: number[] = [];
      for (let i = 0; i < 10; i++) {
        const runtime = newRuntime(cached);
        const t = performance.now();
        await runtime.start(ext(level, `cold-${level}-${cached}-${i}`));
        samples.push(performance.now() - t);
        runtime.dispose();
      }
      samples.shift(); // the first also probes the permission flag and warms the disk cache
      const ms = median(samples);
      const label = cached ? 'new child, code cache' : 'new child, no cache  ';
      const spread = `(${Math.min(...samples).toFixed(0)}–${Math.max(...samples).toFixed(0)})`;
      console.log(`  ${level.padEnd(9)} ${label} ${ms.toFixed(0).padStart(5)} ms ${spread.padEnd(10)} ×${(ms / bareMs).toFixed(1)} baseline   target < ${target} ms`);
    }
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
  const floorUs = await pipeEchoUs();
  console.log(`  floor: a bare Node child echoing framed messages over the same pipes  ${floorUs.toFixed(0)} µs median (scheduling and two pipe hops, no JSON-RPC, no guest)`);
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
    console.log(`  ${level.padEnd(9)} ${us.toFixed(0).padStart(6)} µs median, ${p95.toFixed(0)} µs p95   ×${(us / directUs).toFixed(0)} baseline   ×${(us / floorUs).toFixed(1)} floor   target < 1000 µs`);
    runtime.dispose();
  }

  // Memory of ten active extensions (children only; the host is the editor). Children are given
  // a moment after their last call, as an editor's would have between commands.
  const bareChildren = Array.from({ length: 10 }, () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { env: {}, stdio: 'ignore' }));
  await new Promise((r) => setTimeout(r, 500));
  const bareMemory = totalOf(bareChildren.map((c) => c.pid!));
  for (const c of bareChildren) c.kill();
  console.log('\nten active extensions, memory of their children');
  console.log('  RSS counts the pages children share (the Node binary, ~35 MB) once per child; PSS splits them between the');
  console.log('  processes sharing them, so the sum of PSS is what the children together cost the machine; private (USS)');
  console.log('  is what stopping them would free. The target is judged on PSS.');
  if (!bareMemory) {
    console.log('  n/a: per-process PSS needs Linux (/proc/<pid>/smaps_rollup)');
  } else {
    console.log(`  baseline: ten bare node processes     RSS ${mb(bareMemory.rss)}  PSS ${mb(bareMemory.pss)}  private ${mb(bareMemory.uss)}`);
  }
  for (const mix of [{ strict: 10, moderate: 0 }, { strict: 5, moderate: 5 }, { strict: 0, moderate: 10 }]) {
    const runtime = newRuntime();
    const started = [];
    for (let i = 0; i < mix.strict; i++) started.push(await runtime.start(ext('strict', `mem-s${i}`)));
    for (let i = 0; i < mix.moderate; i++) started.push(await runtime.start(ext('moderate', `mem-m${i}`)));
    for (const sb of started) for (let i = 0; i < 100; i++) await sb.invoke('benign.echo', { i });
    await new Promise((r) => setTimeout(r, 500));
    const total = totalOf(runtime.pids());
    const label = `  ${String(mix.strict).padStart(2)} strict + ${String(mix.moderate).padStart(2)} moderate, ${String(runtime.processCount).padStart(2)} children`;
    if (!total || !bareMemory) {
      console.log(`${label}  RSS n/a  PSS n/a`);
    } else {
      const verdict = total.pss / 1048576 < 300 ? 'within 300 MB' : 'OVER 300 MB';
      console.log(`${label}  RSS ${mb(total.rss)}  PSS ${mb(total.pss)}  private ${mb(total.uss)}   PSS ×${(total.pss / bareMemory.pss).toFixed(2)} baseline   ${verdict}`);
    }
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
