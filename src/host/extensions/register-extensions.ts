import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import { DisposableStore } from '../../core/base/disposable';
import type { BaseExtension, ExtensionHost } from '../../core/extensions';
import type { GrantMemory } from '../../core/security';
import { ExtensionsTree } from './extensions-tree';
import { userExtensionsDir } from './create-extension-host';
import { registerContributions, type ContributionsApi } from './register-contributions';

/** Whether `file` is `dir` or inside it. */
function within(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir + path.sep);
}

/** Names, sizes and modification times of a folder's files: changes when any file does. */
function folderFingerprint(dir: string): string {
  const parts: string[] = [];
  const walk = (current: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (parts.length > 5000 || entry.name === '.git') continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        try {
          const stat = fs.statSync(full);
          parts.push(`${full}:${stat.size}:${stat.mtimeMs}`);
        } catch {
          parts.push(`${full}:gone`);
        }
      }
    }
  };
  walk(dir);
  return parts.sort().join('\n');
}

/** The folders whose files are sub-extensions: the user folder and each workspace's .symphony/extensions. */
function extensionRoots(): string[] {
  return [userExtensionsDir(), ...(vscode.workspace.workspaceFolders ?? []).map((f) => path.join(f.uri.fsPath, '.symphony', 'extensions'))];
}

type TreeArg = { kind: 'extension'; ext: BaseExtension } | undefined;

/** One row of "Symphony: Run Command…". */
export interface CommandPickItem extends vscode.QuickPickItem {
  /** The contributed command id, e.g. `greeter.hello`. */
  id: string;
}

/** An error notification the host showed about a sub-extension command. */
export interface CommandFailure {
  command: string;
  /** The notification's text, as the user reads it. */
  message: string;
}

/** What registerExtensions hands back besides its disposal: the views' providers, for tests and tools. */
export interface RegisteredExtensions extends vscode.Disposable {
  readonly tree: ExtensionsTree;
  /** The rows "Run Command…" offers now. */
  pickItems(): CommandPickItem[];
  /** Fires with each error notification about a failed command. */
  readonly onDidFailCommand: vscode.Event<CommandFailure>;
  /** Status bar items, settings, views and key bindings of sub-extensions. */
  readonly contributions: ContributionsApi;
}

/**
 * Wires the sub-extension host into VS Code: the tree view, "Run Command…", one real command id
 * per contributed command, activation events and hot reload. Manifests are read after
 * activation returns, so VS Code's startup never waits on them.
 */
export function registerExtensions(host: ExtensionHost, memory: GrantMemory, log: vscode.LogOutputChannel, logFor: (id: string) => vscode.LogOutputChannel): RegisteredExtensions {
  const store = new DisposableStore();
  const failed = new vscode.EventEmitter<CommandFailure>();
  store.add(failed);
  const perCommand = store.add(new DisposableStore());
  const tree = new ExtensionsTree(host);
  store.add(vscode.window.registerTreeDataProvider('symphony.extensions', tree));
  const contributions = registerContributions(host, logFor);
  store.add(contributions.disposable);

  const run = async (commandId: string, args?: unknown) => {
    try {
      const result = await host.executeCommand(commandId, args);
      if (result !== undefined) logFor(host.commands().find((c) => c.id === commandId)?.extension ?? 'symphony').info(`${commandId} → ${JSON.stringify(result)}`);
      return result;
    } catch (e) {
      const err = e as Error & { code?: string; permission?: string; target?: string };
      const what = err.code === 'PermissionDenied' ? `was denied ${err.permission ?? 'a permission'}${err.target ? ` on ${err.target}` : ''}` : `failed: ${err.message}`;
      const message = `Symphony: ${commandId} ${what}`;
      failed.fire({ command: commandId, message });
      void vscode.window.showErrorMessage(message, 'Show Log').then((a) => a && logFor(host.commands().find((c) => c.id === commandId)?.extension ?? 'symphony').show());
      log.error(`${commandId}: ${err.message}`);
      return undefined;
    }
  };

  let armRoots = () => {};
  const refresh = async () => {
    await host.refresh();
    armRoots();
    perCommand.clear();
    for (const c of host.commands()) {
      // A real command id per contributed command, so users can bind keys to it.
      perCommand.add(vscode.commands.registerCommand(`symphony.ext.${c.extension}.${c.id}`, (args?: unknown) => run(c.id, args)));
    }
    for (const p of host.problems.filter((x) => x.severity === 'error')) log.warn(`extension problem (${p.code}): ${p.message}`);
  };

  const pickItems = (): CommandPickItem[] => host.commands().map((c) => ({ label: `${c.category ? `${c.category}: ` : ''}${c.title}`, description: c.extension, detail: c.id, id: c.id }));

  for (const d of [
    vscode.commands.registerCommand('symphony.runExtensionCommand', async () => {
      const items = pickItems();
      if (!items.length) {
        void vscode.window.showInformationMessage('Symphony: no installed Symphony extension contributes a command yet.');
        return;
      }
      const pick = await vscode.window.showQuickPick(items, { title: 'Run Symphony Extension Command', matchOnDescription: true, matchOnDetail: true });
      if (pick) {
        const result = await run(pick.id);
        if (result !== undefined) void vscode.window.showInformationMessage(`${pick.label}: ${typeof result === 'string' ? result : JSON.stringify(result)}`);
        // Returned too, so a keybinding or another extension running this command gets the value.
        return result;
      }
      return undefined;
    }),
    vscode.commands.registerCommand('symphony.extensions.refresh', refresh),
    vscode.commands.registerCommand('symphony.extensions.activate', async (node: TreeArg) => node && host.activate(node.ext.id).catch((e: Error) => vscode.window.showErrorMessage(`Symphony: ${node.ext.id} failed to activate: ${e.message}`))),
    vscode.commands.registerCommand('symphony.extensions.deactivate', async (node: TreeArg) => node && host.deactivate(node.ext.id)),
    vscode.commands.registerCommand('symphony.extensions.reload', async (node: TreeArg) => node && host.reload(node.ext.id).catch((e: Error) => vscode.window.showErrorMessage(`Symphony: ${node.ext.id} failed to reload: ${e.message}`))),
    vscode.commands.registerCommand('symphony.extensions.showLog', (node: TreeArg) => node && logFor(node.ext.id).show()),
    vscode.commands.registerCommand('symphony.extensions.showManifest', (node: TreeArg) => node && vscode.window.showTextDocument(vscode.Uri.file(node.ext.manifest.file))),
    vscode.commands.registerCommand('symphony.extensions.revokePermissions', async (node: TreeArg) => {
      if (!node) return;
      const n = memory.revoke(node.ext.id);
      void vscode.window.showInformationMessage(`Symphony: forgot ${n} permission answer${n === 1 ? '' : 's'} for ${node.ext.id}; it will ask again.`);
    }),
  ]) store.add(d);

  // Hot reload: a change under an extension's folder reloads that extension only (debounced).
  // What each active extension's files looked like when its code was started: watchers also report
  // writes that happened before (copying an extension in, then Refresh), and reloading for those
  // would stop the extension under a command that is running.
  const started = new Map<string, string>();
  store.add(host.onDidChangeState(({ extension, change }) => {
    // Taken as activation begins: the code it reads is at least this new.
    if (change.to === 'Activating') started.set(extension.id, folderFingerprint(extension.manifest.dir));
    else if (change.to !== 'Active' && change.to !== 'Deactivating') started.delete(extension.id);
  }));
  const unchanged = (ext: BaseExtension) => (ext.state === 'Active' || ext.state === 'Activating') && started.get(ext.id) === folderFingerprint(ext.manifest.dir);
  const pending = new Map<string, NodeJS.Timeout>();
  const onFileChange = (uri: vscode.Uri) => {
    if (!extensionRoots().some((root) => within(uri.fsPath, root) || within(root, uri.fsPath))) return; // e.g. .symphony/runs
    const ext = host.list().find((e) => uri.fsPath === e.manifest.dir || uri.fsPath.startsWith(e.manifest.dir + path.sep));
    const key = ext?.id ?? '*';
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        if (ext && unchanged(ext)) return;
        log.info(`reloading ${ext ? ext.id : 'extensions'} after a file change`);
        void (ext ? host.reload(ext.id) : refresh()).then(refresh, (e: Error) => log.error(`reload failed: ${e.message}`));
      }, 300),
    );
  };
  const watch = (pattern: vscode.RelativePattern): vscode.Disposable => {
    const w = vscode.workspace.createFileSystemWatcher(pattern);
    return vscode.Disposable.from(w.onDidChange(onFileChange), w.onDidCreate(onFileChange), w.onDidDelete(onFileChange), w);
  };
  // Workspace extensions: watched from the workspace folder, which always exists, so VS Code also
  // reports .symphony/extensions appearing after activation (a watcher based on the missing folder
  // itself never does).
  for (const f of vscode.workspace.workspaceFolders ?? []) store.add(watch(new vscode.RelativePattern(f, '.symphony/**')));
  // Node's own watcher on each extension folder that exists, re-armed by every refresh: VS Code's
  // watcher alone was seen to miss every change inside a folder created after activation, and
  // the host reads these folders with Node anyway. Both feed the same debounced reload.
  const armed = new Map<string, { ino: number; watcher: fs.FSWatcher }>();
  const disarm = (dir: string) => {
    armed.get(dir)?.watcher.close();
    armed.delete(dir);
  };
  armRoots = () => {
    const present = new Map<string, number>();
    for (const dir of extensionRoots()) {
      try {
        const stat = fs.statSync(dir);
        if (stat.isDirectory()) present.set(dir, stat.ino);
      } catch {
        // not there (yet): the folder watcher above notices when it appears
      }
    }
    for (const dir of [...armed.keys()]) if (armed.get(dir)!.ino !== present.get(dir)) disarm(dir);
    for (const [dir, ino] of present) {
      if (armed.has(dir)) continue;
      try {
        const watcher = fs.watch(dir, { recursive: true }, (_event, name) => onFileChange(vscode.Uri.file(name ? path.join(dir, name.toString()) : dir)));
        watcher.on('error', () => disarm(dir));
        armed.set(dir, { ino, watcher });
      } catch (e) {
        log.warn(`cannot watch ${dir} for changes (${e instanceof Error ? e.message : String(e)}); use "Refresh" after editing extensions there`);
      }
    }
  };
  // Armed by the first refresh, after activation returns: watching walks the folders.
  store.add({ dispose: () => [...armed.keys()].forEach(disarm) });
  // The user folder is outside the workspace: VS Code watches it from the folder itself when it exists.
  const userDir = userExtensionsDir();
  if (fs.existsSync(userDir)) store.add(watch(new vscode.RelativePattern(vscode.Uri.file(userDir), '**/*')));
  store.add(vscode.workspace.onDidGrantWorkspaceTrust(() => void refresh()));
  store.add(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('symphony.extensions.userDirectory')) void refresh();
    }),
  );

  // On the next turn of the event loop: host.refresh() reads and parses every manifest before its
  // first await, which would otherwise run inside activate() (measured: 50 user extensions took
  // activate() from about 20 ms to about 140 ms).
  void new Promise<void>((resolve) => setImmediate(resolve))
    .then(async () => {
      const started = performance.now();
      await refresh();
      log.info(`found ${host.list().length} Symphony extension(s) in ${(performance.now() - started).toFixed(1)} ms`);
    })
    .then(() => host.fire({ kind: 'startupFinished' }))
    .then(async () => {
      // workspaceContains: look once for the globs extensions declared.
      const files = (await vscode.workspace.findFiles('**/*', '**/node_modules/**', 5000)).map((u) => vscode.workspace.asRelativePath(u, false));
      await host.fire({ kind: 'workspaceContains', files });
    })
    .catch((e: Error) => log.error(`extension discovery failed: ${e.message}`));

  return {
    tree,
    pickItems,
    onDidFailCommand: failed.event,
    contributions: contributions.api,
    dispose: () => {
      for (const t of pending.values()) clearTimeout(t);
      store.dispose();
      void host.dispose();
    },
  };
}
