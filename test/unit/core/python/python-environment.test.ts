import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureExtensionEnvironment, venvPython } from '../../../../src/core/python/python-environment';
import { isPythonError } from '../../../../src/core/python/python-errors';
import { PythonWorkerPool } from '../../../../src/core/python/python-worker-pool';
import { fixturesDir, requirePython } from './python-test-setup';

/** A port on 127.0.0.1 that nothing listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function hasPip(): boolean {
  const pip = spawnSync('python3', ['-m', 'pip', '--version']);
  return pip.status === 0 || spawnSync('python3', ['-c', 'import ensurepip']).status === 0;
}

function withoutPipVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('PIP_')));
}

describe('per-extension Python environments', function () {
  this.timeout(120_000);
  let storage: string;

  before(async function () {
    await requirePython(this);
  });

  beforeEach(() => {
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-envs-'));
  });

  afterEach(() => fs.rmSync(storage, { recursive: true, force: true }));

  it('creates a real venv on first use, reuses it after, and runs workers in it', async () => {
    const progress: string[] = [];
    const request = {
      basePython: 'python3',
      extensionId: 'text-stats',
      requirementsFile: path.join(fixturesDir, 'ext-empty-reqs/requirements.txt'),
      storageDir: storage,
      onProgress: (message: string) => progress.push(message),
    };
    const first = await ensureExtensionEnvironment(request);
    assert.equal(first.created, true);
    assert.equal(first.python, venvPython(path.join(storage, 'text-stats')));
    assert.ok(fs.existsSync(path.join(first.venvDir, 'pyvenv.cfg')));
    assert.match(progress[0]!, /Creating a Python environment for text-stats/);
    assert.match(progress.at(-1)!, /ready/);

    const again = await ensureExtensionEnvironment(request);
    assert.equal(again.created, false);

    const pool = new PythonWorkerPool({ interpreter: first.python, paths: [fixturesDir], settings: { poolSize: 1 } });
    try {
      const prefix = await pool.call<string>('node_ops.calls:prefix');
      assert.equal(fs.realpathSync(prefix), fs.realpathSync(first.venvDir), 'the worker runs inside the venv');
    } finally {
      pool.dispose();
    }
  });

  it('explains an unreachable package index and how to fix it', async function () {
    if (!hasPip()) {
      console.warn('      python3 has neither pip nor ensurepip (Debian: python3-pip): skipping the pip test');
      this.skip();
    }
    const port = await closedPort();
    const index = `http://127.0.0.1:${port}/simple`;
    await assert.rejects(
      ensureExtensionEnvironment({
        basePython: 'python3',
        extensionId: 'needs-index',
        requirementsFile: path.join(fixturesDir, 'ext-unreachable/requirements.txt'),
        storageDir: storage,
        pipArgs: ['--index-url', index, '--retries', '1', '--timeout', '2', '--no-cache-dir'],
        // Only the unreachable index: no pip.conf mirrors or local wheel folders of this machine.
        env: { ...withoutPipVariables(process.env), PIP_CONFIG_FILE: os.devNull },
      }),
      (err: Error) => {
        assert.ok(isPythonError(err, 'PythonIndexUnreachable'), String(err));
        assert.match(err.message, /needs-index/);
        assert.ok(err.message.includes(index), err.message);
        assert.match(err.message, /could not be reached/);
        assert.match(err.message, /PIP_INDEX_URL/);
        assert.match(err.message, /-m pip --python \S+needs-index\S+ install -r .*requirements\.txt/);
        return true;
      },
    );
    assert.equal(fs.existsSync(path.join(storage, 'needs-index', 'symphony-environment.json')), false, 'a failed install is retried next time');
  });

  it('stops when cancelled and prepares again next time', async () => {
    const abort = new AbortController();
    const pending = ensureExtensionEnvironment({
      basePython: 'python3',
      extensionId: 'cancelled-ext',
      requirementsFile: path.join(fixturesDir, 'ext-empty-reqs/requirements.txt'),
      storageDir: storage,
      signal: abort.signal,
      onProgress: () => abort.abort(),
    });
    await assert.rejects(pending, (err: Error) => isPythonError(err, 'PythonCancelled') && /prepared again on next use/.test(err.message));
    const retry = await ensureExtensionEnvironment({
      basePython: 'python3',
      extensionId: 'cancelled-ext',
      requirementsFile: path.join(fixturesDir, 'ext-empty-reqs/requirements.txt'),
      storageDir: storage,
    });
    assert.equal(retry.created, true);
  });
});
