import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import type { EffectiveManifest } from '../../core/manifest';
import type { LogLevel } from '../../core/operators/operator';
import {
  ensureExtensionEnvironment, PythonWorkerPool, resolvePythonInterpreter, type PythonExecutor, type PythonInterpreterSource, type PythonSettings,
} from '../../core/python';

/** The Python extension's active environment, when that extension is installed (never required). */
const pythonExtensionSource: PythonInterpreterSource = {
  label: "the Python extension's active environment",
  async getInterpreterPath() {
    const ext = vscode.extensions.getExtension<{ environments?: { getActiveEnvironmentPath?(uri?: vscode.Uri): { path: string } } }>('ms-python.python');
    if (!ext) return undefined;
    const api = ext.isActive ? ext.exports : await ext.activate();
    return api?.environments?.getActiveEnvironmentPath?.(vscode.workspace.workspaceFolders?.[0]?.uri)?.path;
  },
};

function settings(): Partial<PythonSettings> {
  const c = vscode.workspace.getConfiguration('symphony.python');
  return {
    path: c.get('path'),
    poolSize: c.get('poolSize'),
    callTimeoutMs: c.get('callTimeoutMs'),
    cancelGraceMs: c.get('cancelGraceMs'),
    maxQueue: c.get('maxQueue'),
    maxPayloadMB: c.get('maxPayloadMB'),
  };
}

/**
 * Python for operators inside VS Code: one shared pool (python.call, extensions without
 * requirements) and one pool per extension that ships a requirements.txt, in its own virtual
 * environment prepared on first use with a cancellable progress notification. Nothing starts
 * before an operator runs, and nothing starts in an untrusted workspace.
 */
export class PythonService implements vscode.Disposable {
  private shared: PythonWorkerPool | undefined;
  private readonly perExtension = new Map<string, Promise<PythonWorkerPool>>();
  private readonly config: vscode.Disposable;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    // New settings take effect for the next call: drop the pools, they restart on demand.
    this.config = vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('symphony.python') && this.reset());
  }

  /** The shared pool, created on first use. */
  get pool(): PythonWorkerPool {
    return (this.shared ??= this.createPool({}));
  }

  /** The executor for one extension's operators: its folder on sys.path, its venv if it has requirements. */
  executorFor(manifest: EffectiveManifest): PythonExecutor {
    const requirements = path.join(manifest.dir, 'requirements.txt');
    if (!fs.existsSync(requirements) || !fs.readFileSync(requirements, 'utf8').trim()) {
      const pool = this.createPool({ paths: [manifest.dir] });
      this.context.subscriptions.push(pool);
      return pool;
    }
    return {
      execute: async (request, options) => {
        let pool = this.perExtension.get(manifest.id);
        if (!pool) {
          pool = this.prepare(manifest, requirements);
          this.perExtension.set(manifest.id, pool);
          pool.catch(() => this.perExtension.delete(manifest.id));
        }
        return (await pool).execute(request, options);
      },
    };
  }

  dispose(): void {
    this.config.dispose();
    this.reset();
  }

  private reset(): void {
    this.shared?.dispose();
    this.shared = undefined;
    for (const p of this.perExtension.values()) void p.then((pool) => pool.dispose(), () => undefined);
    this.perExtension.clear();
  }

  private createPool(extra: { interpreter?: string; paths?: string[] }): PythonWorkerPool {
    return new PythonWorkerPool({
      source: pythonExtensionSource,
      settings: settings(),
      isTrusted: () => vscode.workspace.isTrusted,
      cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      onLog: (level: LogLevel, message: string) => (level === 'error' ? this.log.error(`[python] ${message}`) : level === 'warn' ? this.log.warn(`[python] ${message}`) : this.log.info(`[python] ${message}`)),
      ...extra,
    });
  }

  private async prepare(manifest: EffectiveManifest, requirementsFile: string): Promise<PythonWorkerPool> {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Preparing Python for ${manifest.id}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const base = await resolvePythonInterpreter({ source: pythonExtensionSource, settingPath: settings().path });
        const env = await ensureExtensionEnvironment({
          basePython: base.executable,
          extensionId: manifest.id,
          requirementsFile,
          storageDir: path.join(this.context.globalStorageUri.fsPath, 'python-envs'),
          onProgress: (message, fraction) => progress.report({ message, increment: fraction !== undefined ? fraction * 100 : undefined }),
          onOutput: (line) => this.log.info(`[${manifest.id} venv] ${line}`),
          signal: abort.signal,
        });
        const pool = this.createPool({ interpreter: env.python, paths: [manifest.dir] });
        this.context.subscriptions.push(pool);
        return pool;
      },
    );
  }
}
