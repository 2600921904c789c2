// A real extension host over the bus fixtures: sandboxed children (strict and moderate), the
// host's MessageBus, ExtensionServices and [events] routing wired the way the editor wires them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageBus, type BusMessage } from '../../../../src/core/bus';
import { broadcastLifecycle, ExtensionHost, ExtensionServices, routeExtensionEvents } from '../../../../src/core/extensions';
import { SandboxExtensionRuntime, SandboxRuntime } from '../../../../src/core/sandbox';
import { PermissionGate } from '../../../../src/core/security';
import { buildWorker, REPO_ROOT } from '../sandbox/worker-bundle';

export const BUS_FIXTURES = path.join(REPO_ROOT, 'test/fixtures/bus');

export interface BusWorld {
  bus: MessageBus;
  services: ExtensionServices;
  host: ExtensionHost;
  sandbox: SandboxRuntime;
  logs: string[];
  /** Resolves with the first message on `channel` that satisfies `accept`, published after this call. */
  next(channel: string, accept?: (m: BusMessage) => boolean, timeoutMs?: number): Promise<BusMessage>;
  dispose(): Promise<void>;
}

export async function openBusWorld(dir = path.join(BUS_FIXTURES, 'services')): Promise<BusWorld> {
  const workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-bus-')));
  const bus = new MessageBus();
  const logs: string[] = [];
  const services = new ExtensionServices(bus, { onProblem: (id, m) => logs.push(`[${id}] problem: ${m}`) });
  const sandbox = new SandboxRuntime({
    gate: new PermissionGate({ policy: 'permissive' }),
    workspaceRoot: workspace,
    launch: { workerPath: await buildWorker() },
    services: { bus, services },
    processLimits: { heartbeatMs: 500, heartbeatTimeoutMs: 5000 },
    restart: { baseMs: 10, maxMs: 100, maxCrashes: 50 },
  });
  const host = new ExtensionHost({
    roots: () => [{ dir, source: 'dir' }],
    runtime: new SandboxExtensionRuntime(sandbox),
    logFor: (id) => (level, message) => logs.push(`[${id}] ${level}: ${message}`),
  });
  await host.refresh();
  const attached = [services.attach(host), routeExtensionEvents(host, bus, { workspaceRoot: workspace, log: (id, level, m) => logs.push(`[${id}] ${level}: ${m}`) }), broadcastLifecycle(host, bus)];
  return {
    bus,
    services,
    host,
    sandbox,
    logs,
    next(channel, accept = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          sub.dispose();
          reject(new Error(`nothing on ${channel} within ${timeoutMs} ms; log:\n${logs.join('\n')}`));
        }, timeoutMs);
        const sub = bus.subscribe('symphony', channel, (m) => {
          if (!accept(m)) return;
          clearTimeout(timer);
          sub.dispose();
          resolve(m);
        });
      });
    },
    async dispose() {
      attached.forEach((a) => a.dispose());
      await host.dispose();
      services.dispose();
      sandbox.dispose();
      bus.dispose();
      fs.rmSync(workspace, { recursive: true, force: true });
    },
  };
}
