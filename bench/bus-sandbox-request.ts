// Request/response between two sandboxed extensions (separate child processes, strict and
// moderate), through the host: consumer child → host (broker: validation, permission check,
// audit) → bus request → provider child → back. Baselines measured in the same run: the same
// request on an in-process bus, and a no-op command round trip host → consumer child.
// Target: a request across the sandbox boundary < 1 ms median (issue 10).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageBus } from '../src/core/bus';
import { ExtensionHost, ExtensionServices } from '../src/core/extensions';
import { SandboxExtensionRuntime, SandboxRuntime } from '../src/core/sandbox';
import { PermissionGate } from '../src/core/security';
import { buildWorker } from '../test/unit/core/sandbox/worker-bundle';

const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const WARMUP = 200;
const LEVELS = ['strict', 'moderate'] as const;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** Two providers of "echo" (one per level) and two consumers (one per level), written to a temp folder. */
function writeExtensions(root: string): void {
  for (const level of LEVELS) {
    const provider = path.join(root, `echo-${level}`);
    fs.mkdirSync(provider);
    fs.writeFileSync(path.join(provider, 'symphony.toml'), [
      '[package]', `name = "echo-${level}"`, `version = "1.0.${level === 'strict' ? 0 : 1}"`,
      '[runtime]', 'entry = "index.js"', 'activation_events = ["onEvent:service/echo"]',
      '[security]', `sandbox_level = "${level}"`, 'permissions = [{ name = "bus.subscribe", scope = ["service/echo/**"] }]',
      '[[services.provides]]', 'name = "echo"', `version = "1.0.${level === 'strict' ? 0 : 1}"`,
      '[services.provides.methods.ping]', 'input = { type = "object", properties = { n = { type = "integer" } }, required = ["n"] }',
    ].join('\n'));
    fs.writeFileSync(path.join(provider, 'index.js'), "exports.activate = (symphony) => { symphony.commands.register('service/echo/ping', (a) => ({ n: a.n + 1 })); };\n");
    const consumer = path.join(root, `caller-${level}`);
    fs.mkdirSync(consumer);
    fs.writeFileSync(path.join(consumer, 'symphony.toml'), [
      '[package]', `name = "caller-${level}"`, 'version = "1.0.0"',
      '[runtime]', 'entry = "index.js"',
      '[security]', `sandbox_level = "${level}"`, 'permissions = [{ name = "bus.publish", scope = ["service/echo/**"] }]',
      '[[services.consumes]]', 'name = "echo"', 'version = "^1.0.0"',
      ...['call', 'noop', 'loop', 'hop'].flatMap((c) => ['[[commands]]', `id = "caller-${level}.${c}"`, `title = "${c}"`]),
    ].join('\n'));
    fs.writeFileSync(path.join(consumer, 'index.js'), [
      'exports.activate = (symphony) => {',
      `  symphony.commands.register('caller-${level}.call', (a) => symphony.bus.publish('service/echo/ping/' + a.provider, { n: a.n }));`,
      `  symphony.commands.register('caller-${level}.noop', (a) => ({ n: a.n }));`,
      // Sequential calls inside the guest: the host's clock times the batch, so the guest's
      // millisecond clock does not limit the resolution.
      `  symphony.commands.register('caller-${level}.loop', async (a) => { let n = 0; for (let i = 0; i < a.count; i++) n = (await symphony.bus.publish('service/echo/ping/' + a.provider, { n })).n; return n; });`,
      // One host round trip with no provider behind it: the floor a service call pays twice.
      `  symphony.commands.register('caller-${level}.hop', async (a) => { for (let i = 0; i < a.count; i++) await symphony.settings.get('x'); return a.count; });`,
      '};',
    ].join('\n'));
  }
}

async function inProcessBaseline(): Promise<number[]> {
  const bus = new MessageBus();
  bus.respond('echo-provider', 'service/echo/ping/echo-provider', (a) => ({ n: (a as { n: number }).n + 1 }));
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + CALLS; i++) {
    const t = performance.now();
    await bus.request('caller', 'service/echo/ping/echo-provider', { n: i });
    if (i >= WARMUP) samples.push(performance.now() - t);
  }
  return samples;
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-bench-bus-'));
  writeExtensions(root);
  const bus = new MessageBus();
  const services = new ExtensionServices(bus);
  const sandbox = new SandboxRuntime({ gate: new PermissionGate({ policy: 'permissive' }), workspaceRoot: root, launch: { workerPath: await buildWorker() }, services: { bus, services } });
  const host = new ExtensionHost({ roots: () => [{ dir: root, source: 'dir' }], runtime: new SandboxExtensionRuntime(sandbox), logFor: () => () => undefined });
  await host.refresh();
  const attached = services.attach(host);

  const base = await inProcessBaseline();
  const baseMedian = quantile(base, 0.5);
  console.log(`load average: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores); ${CALLS} calls per row after ${WARMUP} warm-up calls`);
  console.log(`\nbaseline: in-process bus request   median ${(baseMedian * 1000).toFixed(1)} µs   p95 ${(quantile(base, 0.95) * 1000).toFixed(1)} µs`);
  const batch = async (command: string, args: Record<string, unknown>): Promise<number[]> => {
    await host.executeCommand(command, { ...args, count: WARMUP });
    // Batches of 10 sequential calls inside the guest, timed by the host's clock: per-call times.
    const perCall: number[] = [];
    for (let b = 0; b < CALLS / 10; b++) {
      const t = performance.now();
      await host.executeCommand(command, { ...args, count: 10 });
      perCall.push((performance.now() - t) / 10);
    }
    return perCall;
  };
  console.log('\nbaseline: one guest → host round trip (settings.get), per call');
  const hops = new Map<string, number>();
  for (const from of LEVELS) {
    const perCall = await batch(`caller-${from}.hop`, {});
    hops.set(from, quantile(perCall, 0.5));
    console.log(`  ${from.padEnd(8)}             median ${(quantile(perCall, 0.5) * 1000).toFixed(0).padStart(5)} µs   p95 ${(quantile(perCall, 0.95) * 1000).toFixed(0).padStart(5)} µs`);
  }
  console.log('\nconsumer → host → provider → host → consumer, timed in the host around a batch inside the consumer (per call)');
  for (const from of LEVELS) {
    for (const to of LEVELS) {
      const perCall = await batch(`caller-${from}.loop`, { provider: `echo-${to}` });
      const med = quantile(perCall, 0.5);
      console.log(
        `  ${from.padEnd(8)} → ${to.padEnd(8)}  median ${(med * 1000).toFixed(0).padStart(5)} µs   p95 ${(quantile(perCall, 0.95) * 1000).toFixed(0).padStart(5)} µs   ×${(med / baseMedian).toFixed(0)} in-process   ×${(med / hops.get(from)!).toFixed(1)} one hop   target < 1000 µs ${med < 1 ? 'met' : 'MISSED'}`,
      );
    }
  }
  console.log('\nsingle calls timed one by one in the host (each also pays a host → consumer command round trip)');
  for (const from of LEVELS) {
    const noop: number[] = [];
    for (let i = 0; i < WARMUP + CALLS; i++) {
      const t = performance.now();
      await host.executeCommand(`caller-${from}.noop`, { n: i });
      if (i >= WARMUP) noop.push(performance.now() - t);
    }
    console.log(`  ${from.padEnd(8)} no-op command          median ${(quantile(noop, 0.5) * 1000).toFixed(0).padStart(5)} µs   p95 ${(quantile(noop, 0.95) * 1000).toFixed(0).padStart(5)} µs`);
    for (const to of LEVELS) {
      const samples: number[] = [];
      for (let i = 0; i < WARMUP + CALLS; i++) {
        const t = performance.now();
        await host.executeCommand(`caller-${from}.call`, { provider: `echo-${to}`, n: i });
        if (i >= WARMUP) samples.push(performance.now() - t);
      }
      const med = quantile(samples, 0.5);
      console.log(`  ${from.padEnd(8)} → ${to.padEnd(8)} command+call  median ${(med * 1000).toFixed(0).padStart(5)} µs   p95 ${(quantile(samples, 0.95) * 1000).toFixed(0).padStart(5)} µs   ×${(med / baseMedian).toFixed(0)} in-process`);
    }
  }
  attached.dispose();
  await host.dispose();
  sandbox.dispose();
  fs.rmSync(root, { recursive: true, force: true });
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
