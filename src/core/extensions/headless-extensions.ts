import fs from 'node:fs';
import type { Disposable } from '../base/disposable';
import type { OperatorRegistry } from '../operators/operator-registry';
import { PythonWorkerPool } from '../python/index';
import { defaultWorkerPath, SandboxExtensionRuntime, SandboxRuntime } from '../sandbox/index';
import { PermissionGate } from '../security/index';
import type { ExtensionRoot } from './discover-extensions';
import { ExtensionHost } from './extension-host';
import { syncExtensionOperators } from './extension-operators';

export interface HeadlessOptions {
  workspaceRoot: string;
  workerPath?: string;
  log?: (line: string) => void;
}

/**
 * Sub-extensions for a headless run (`symphony run --dir`): discovered, resolved and offered as
 * operators, with JS code in the sandbox and Python in a worker pool per extension. The CLI asks
 * nobody, so what a manifest declares is allowed and everything else is denied.
 */
export async function openHeadlessExtensions(roots: ExtensionRoot[], registry: OperatorRegistry, options: HeadlessOptions): Promise<{ host: ExtensionHost; dispose(): Promise<void> }> {
  const log = options.log ?? (() => undefined);
  let runtime: SandboxExtensionRuntime | undefined;
  let sandbox: SandboxRuntime | undefined;
  const pools: PythonWorkerPool[] = [];
  const host = new ExtensionHost({
    roots: () => roots.filter((r) => fs.existsSync(r.dir)),
    runtime: {
      start(launch) {
        sandbox ??= createSandbox(options);
        runtime ??= new SandboxExtensionRuntime(sandbox);
        return runtime.start(launch);
      },
    },
    logFor: (id) => (level, message) => log(`[${id}] ${level}: ${message}`),
  });
  const resolution = await host.refresh();
  for (const p of resolution.problems) log(`${p.severity} ${p.code}: ${p.message}`);
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
    async dispose() {
      synced.dispose();
      await host.dispose();
      for (const p of pools) p.dispose();
      sandbox?.dispose();
    },
  };
}

function createSandbox(options: HeadlessOptions): SandboxRuntime {
  return new SandboxRuntime({
    gate: new PermissionGate({ policy: 'permissive' }),
    workspaceRoot: options.workspaceRoot,
    launch: { workerPath: options.workerPath ?? defaultWorkerPath() },
  });
}
