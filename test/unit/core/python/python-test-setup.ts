import path from 'node:path';
import { type PythonPoolOptions, PythonWorkerPool } from '../../../../src/core/python/python-worker-pool';
import { probeInterpreter, isSupportedVersion } from '../../../../src/core/python/resolve-interpreter';

export const repoRoot = path.resolve(__dirname, '../../../..');
export const fixturesDir = path.join(repoRoot, 'test/fixtures/python');
export const examplesDir = path.join(repoRoot, 'operators/examples');

let available: Promise<boolean> | undefined;

/** Skips the calling suite when no Python 3.9+ is on PATH (the tests need a real interpreter). */
export async function requirePython(ctx: Mocha.Context): Promise<void> {
  available ??= probeInterpreter('python3').then((p) => p.kind === 'ok' && isSupportedVersion(p.version));
  if (!(await available)) {
    console.warn('      python3 (3.9+) is not on PATH: skipping the Python worker tests');
    ctx.skip();
  }
}

/** A pool over the fixture modules, with log lines collected for assertions. */
export function fixturePool(options: PythonPoolOptions = {}): { pool: PythonWorkerPool; logs: string[] } {
  const logs: string[] = [];
  const pool = new PythonWorkerPool({
    interpreter: 'python3',
    paths: [fixturesDir, examplesDir],
    onLog: (level, message) => logs.push(`${level}: ${message}`),
    ...options,
    settings: { poolSize: 1, callTimeoutMs: 20_000, cancelGraceMs: 500, ...options.settings },
  });
  return { pool, logs };
}

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
export async function eventually(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
