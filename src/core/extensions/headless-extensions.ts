import fs from 'node:fs';
import type { Disposable } from '../base/disposable';
import { MessageBus } from '../bus/message-bus';
import type { OperatorRegistry } from '../operators/operator-registry';
import { PythonWorkerPool } from '../python/index';
import { defaultCodeCacheDir, defaultWorkerPath, runsStrict, SandboxExtensionRuntime, SandboxRuntime } from '../sandbox/index';
import { PermissionGate } from '../security/index';
import type { ExtensionRoot } from './discover-extensions';
import { ExtensionHost } from './extension-host';
import { broadcastLifecycle, routeExtensionEvents } from './extension-events';
import { syncExtensionOperators } from './extension-operators';
import { ExtensionServices } from './extension-services';
import { OperatorExtension } from './symphony-extension';

export interface HeadlessOptions {
  workspaceRoot: string;
  workerPath?: string;
  log?: (line: string) => void;
}

/**
 * Sub-extensions for a headless run (`symphony run --dir`): discovered, resolved and offered as
 * operators, with JS code in the sandbox and Python in a worker pool per extension. The CLI asks
 * nobody, so what a manifest declares is allowed and everything else is denied. Extensions reach
 * each other through a bus of the run's own: services and `[events]` work as in the editor.
 */
export interface HeadlessExtensions {
  host: ExtensionHost;
  bus: MessageBus;
  /**
   * Starts a strict sandbox child now when one of these operators belongs to a strict
   * sub-extension, so its first call moves into a running child instead of waiting for one
   * (a new child takes about 100 ms). Returns whether it did.
   */
  prewarmFor(operatorIds: Iterable<string>): boolean;
  dispose(): Promise<void>;
}

export async function openHeadlessExtensions(roots: ExtensionRoot[], registry: OperatorRegistry, options: HeadlessOptions): Promise<HeadlessExtensions> {
  const log = options.log ?? (() => undefined);
  const bus = new MessageBus({ onSubscriberError: (err, subscriber, m) => log(`[${subscriber}] warn: failed on ${m.channel}: ${String(err)}`) });
  const services = new ExtensionServices(bus, { onProblem: (id, message) => log(`[${id}] warn: ${message}`) });
  let runtime: SandboxExtensionRuntime | undefined;
  let sandbox: SandboxRuntime | undefined;
  const pools: PythonWorkerPool[] = [];
  const host = new ExtensionHost({
    roots: () => roots.filter((r) => fs.existsSync(r.dir)),
    runtime: {
      start(launch) {
        sandbox ??= createSandbox(options, bus, services);
        runtime ??= new SandboxExtensionRuntime(sandbox);
        return runtime.start(launch);
      },
    },
    logFor: (id) => (level, message) => log(`[${id}] ${level}: ${message}`),
  });
  const resolution = await host.refresh();
  for (const p of resolution.problems) log(`${p.severity} ${p.code}: ${p.message}`);
  const wired: Disposable[] = [
    services.attach(host),
    routeExtensionEvents(host, bus, { workspaceRoot: options.workspaceRoot, log: (id, level, message) => log(`[${id}] ${level}: ${message}`) }),
    broadcastLifecycle(host, bus),
  ];
  const synced: Disposable = syncExtensionOperators(host, registry, {
    pythonPool: (manifest) => {
      const pool = new PythonWorkerPool({ paths: [manifest.dir], cwd: options.workspaceRoot, onLog: (level, message) => log(`[${manifest.id}] ${level}: ${message}`) });
      pools.push(pool);
      return pool;
    },
    onProblem: (id, message) => log(`[${id}] warn: ${message}`),
  });
  return {
    host,
    bus,
    prewarmFor(operatorIds) {
      const wanted = new Set(operatorIds);
      const strict = host.list().some((ext) => ext instanceof OperatorExtension && wanted.has(ext.operatorId) && runsStrict(ext.manifest, { builtin: ext.source === 'builtin' }));
      if (!strict) return false;
      sandbox ??= createSandbox(options, bus, services);
      sandbox.prewarm();
      return true;
    },
    async dispose() {
      synced.dispose();
      await host.dispose();
      for (const w of wired) w.dispose();
      services.dispose();
      bus.dispose();
      for (const p of pools) p.dispose();
      sandbox?.dispose();
    },
  };
}

function createSandbox(options: HeadlessOptions, bus: MessageBus, services: ExtensionServices): SandboxRuntime {
  return new SandboxRuntime({
    gate: new PermissionGate({ policy: 'permissive' }),
    workspaceRoot: options.workspaceRoot,
    services: { bus, services },
    launch: { workerPath: options.workerPath ?? defaultWorkerPath(), codeCacheDir: defaultCodeCacheDir() },
  });
}
