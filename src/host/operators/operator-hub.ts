import * as vscode from 'vscode';
import { createDefaultRegistry } from '../../core/conductor/default-registry';
import { loadConductorConfig, type ConductorConfig } from '../../core/conductor/conductor-config';
import { Conductor } from '../../core/conductor/conductor';
import type { OperatorRegistry } from '../../core/operators/operator-registry';
import type { OperatorServices } from '../../core/operators/operator';
import type { ExtensionHost } from '../../core/extensions/extension-host';
import { editorOperatorServices } from './editor-operator-services';

/**
 * The editor's operators: one registry (built lazily, on first use), the services operators get,
 * and `.symphony/conductor.json` read per workspace and re-read when it changes.
 */
export class OperatorHub implements vscode.Disposable {
  private registryInstance: OperatorRegistry | undefined;
  private readonly configs = new Map<string, ConductorConfig>();
  readonly services: OperatorServices;
  private readonly watcher: vscode.FileSystemWatcher;

  private extension: vscode.Disposable | undefined;

  constructor(
    context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    /** Adds operators beyond the built-ins (Python, sub-extensions) when the registry is first needed. */
    private readonly extend?: (registry: OperatorRegistry) => vscode.Disposable,
    /** The sub-extension host, whose instruments provide models to the ai.* operators. */
    instruments?: ExtensionHost,
  ) {
    this.services = editorOperatorServices(context, { config: () => this.configs.get(this.defaultRoot()), instruments, log: (m) => log.info(m) });
    this.watcher = vscode.workspace.createFileSystemWatcher('**/.symphony/conductor.json');
    const forget = () => this.configs.clear();
    this.watcher.onDidChange(forget);
    this.watcher.onDidCreate(forget);
    this.watcher.onDidDelete(forget);
  }

  get registry(): OperatorRegistry {
    if (!this.registryInstance) {
      this.registryInstance = createDefaultRegistry();
      this.extension = this.extend?.(this.registryInstance);
      // Read conductor.json now, so runs started synchronously (the board) find it cached.
      void this.config(this.defaultRoot());
    }
    return this.registryInstance;
  }

  /** The workspace folder a file belongs to (or the first one). */
  rootFor(uri?: vscode.Uri): string {
    const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
    return folder?.uri.fsPath ?? (uri ? vscode.Uri.joinPath(uri, '..').fsPath : process.cwd());
  }

  async config(root: string): Promise<ConductorConfig> {
    let config = this.configs.get(root);
    if (!config) {
      const loaded = await loadConductorConfig(root);
      for (const d of loaded.diagnostics) this.log.warn(`${loaded.file}${d.line ? `:${d.line}` : ''}: ${d.message}${d.fix ? ` (${d.fix})` : ''}`);
      config = loaded.config;
      this.configs.set(root, config);
    }
    return config;
  }

  /** The workspace's conductor.json if it has been read (see `config`). */
  peekConfig(root: string): ConductorConfig | undefined {
    return this.configs.get(root);
  }

  /** A conductor for melodies under `root`, with the editor's services and run history on. */
  async conductor(root: string): Promise<Conductor> {
    return new Conductor({ registry: this.registry, workspaceRoot: root, services: this.services, env: process.env, config: await this.config(root), history: true });
  }

  dispose(): void {
    this.extension?.dispose();
    this.watcher.dispose();
  }

  private defaultRoot(): string {
    return this.rootFor(vscode.window.activeTextEditor?.document.uri);
  }
}
