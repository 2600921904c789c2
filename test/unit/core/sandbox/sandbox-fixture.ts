// Shared setup of the sandbox tests: a throwaway workspace with files, symlinks that lead out of
// it, a secret outside it, and helpers to start fixture extensions in a real runtime.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { PermissionGate } from '../../../../src/core/security';
import { describeExtension, SandboxRuntime, type SandboxLevel, type SandboxRuntimeOptions, type SandboxedExtension } from '../../../../src/core/sandbox';
import { buildWorker, REPO_ROOT } from './worker-bundle';

export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/sandbox');
export const SECRET = 'hunter2-do-not-leak';

/** A workspace next to an `outside` folder the extensions must never reach. */
export interface Playground {
  root: string;
  workspace: string;
  outside: string;
  marker: string;
  cleanup(): void;
}

export function makePlayground(): Playground {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-sandbox-')));
  const workspace = path.join(root, 'workspace');
  const outside = path.join(root, 'outside');
  fs.mkdirSync(path.join(workspace, 'docs'), { recursive: true });
  fs.mkdirSync(path.join(workspace, 'out'), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(workspace, 'docs/readme.md'), 'one two three four');
  fs.writeFileSync(path.join(outside, 'secret.txt'), SECRET);
  fs.symlinkSync(outside, path.join(workspace, 'docs/link'));
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(workspace, 'docs/evil.md'));
  fs.symlinkSync(outside, path.join(workspace, 'out/escape'));
  return { root, workspace, outside, marker: path.join(outside, 'marker'), cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** An HTTP server on 127.0.0.1 that only counts requests. */
export async function countingServer(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    res.end('hello');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/`, hits: () => hits, close: () => new Promise((r) => server.close(() => r())) };
}

/** A runtime with the CLI's policy (declared = allowed, undeclared = denied) and quick timings. */
export async function makeRuntime(workspace: string, extra: Partial<SandboxRuntimeOptions> = {}): Promise<SandboxRuntime> {
  const workerPath = await buildWorker();
  return new SandboxRuntime({
    gate: new PermissionGate({ policy: 'permissive' }),
    workspaceRoot: workspace,
    launch: { workerPath },
    processLimits: { heartbeatMs: 200, heartbeatTimeoutMs: 2000, memoryPollMs: 50 },
    restart: { baseMs: 10, maxMs: 100, maxCrashes: 50 },
    ...extra,
  });
}

/** A fixture extension (test/fixtures/sandbox/NAME) described as its manifest would be, at a given level. */
export function fixtureExtension(name: string, level: SandboxLevel, overrides: Partial<SandboxedExtension> = {}): SandboxedExtension {
  const manifests: Record<string, Parameters<typeof describeExtension>[0]> = {
    benign: {
      dir: path.join(FIXTURES, 'benign'), package: { name: 'benign' }, runtime: { entry: 'index.js' },
      security: { sandbox_level: level, permissions: [{ name: 'fs.read', scope: ['docs/**'] }, { name: 'fs.write', scope: ['out/**'] }, { name: 'env.read', scope: ['SYMPHONY_VISIBLE'] }] },
      performance: { limits: { memory_mb: 32, cpu_ms: 500, timeout_s: 5 } },
    },
    hostile: {
      dir: path.join(FIXTURES, 'hostile'), package: { name: 'hostile' }, runtime: { entry: 'index.js' },
      security: { sandbox_level: level, permissions: [{ name: 'fs.read', scope: ['docs/**'] }, { name: 'fs.write', scope: ['out/**'] }] },
      performance: { limits: { memory_mb: 32, cpu_ms: 300, timeout_s: 3 } },
    },
  };
  const ext = describeExtension(manifests[name]!);
  return { ...ext, id: `${name}-${level}`, ...overrides };
}

/** Resolves when `check` holds, polling; rejects after `ms`. */
export async function eventually(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
