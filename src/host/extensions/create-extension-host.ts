import * as vscode from 'vscode';
import os from 'node:os';
import path from 'node:path';
import { ExtensionHost, type BaseExtension, type ExtensionRoot, type ExtensionRuntime } from '../../core/extensions';
import { SandboxExtensionRuntime, SandboxRuntime, defaultWorkerPath, minimalEnv, runsStrict, type HostServices } from '../../core/sandbox';
import { PermissionGate } from '../../core/security';
import type { BusPort } from '../../core/sandbox';
import { SubExtensionSettings, userSettingsFile } from './sub-extension-settings';

/** What the editor's host keeps beside the ExtensionHost: settings and the bus, for the contributions. */
export interface HostExtras {
  settings: SubExtensionSettings;
  bus: BusPort | undefined;
}

const extras = new WeakMap<ExtensionHost, HostExtras>();

/** The settings and bus of a host made by createExtensionHost. */
export function hostExtras(host: ExtensionHost): HostExtras | undefined {
  return extras.get(host);
}

/** Where user extensions live: the setting, else ~/.symphony/extensions. */
export function userExtensionsDir(): string {
  const configured = vscode.workspace.getConfiguration('symphony').get<string>('extensions.userDirectory', '');
  return configured ? configured.replace(/^~(?=$|\/)/, os.homedir()) : path.join(os.homedir(), '.symphony', 'extensions');
}

/** Built-in, user, then workspace extensions (workspace ones only in trusted folders), in override order. */
export function extensionRoots(extensionUri: vscode.Uri): ExtensionRoot[] {
  const roots: ExtensionRoot[] = [
    { dir: path.join(extensionUri.fsPath, 'manifests'), source: 'builtin' },
    { dir: userExtensionsDir(), source: 'user' },
  ];
  if (vscode.workspace.isTrusted) {
    for (const f of vscode.workspace.workspaceFolders ?? []) roots.push({ dir: path.join(f.uri.fsPath, '.symphony', 'extensions'), source: 'workspace' });
  }
  return roots;
}

/** Where the sandbox children's code caches are kept: Symphony's global storage. */
export function sandboxCodeCacheDir(extension: vscode.ExtensionContext): string {
  return path.join(extension.globalStorageUri.fsPath, 'sandbox-code-cache');
}

/**
 * The editor's extension host. The sandbox runtime is created on the first activation, so
 * starting VS Code only reads manifests.
 */
export function createExtensionHost(extension: vscode.ExtensionContext, gate: PermissionGate, logFor: (id: string) => vscode.LogOutputChannel, services: HostServices = {}): ExtensionHost {
  let runtime: SandboxRuntime | undefined;
  let sandbox: SandboxExtensionRuntime | undefined;
  const sandboxRuntime = () => (runtime ??= createSandbox(extension, gate, services));
  // Called only after the host below exists (when a sub-extension reads a setting).
  const settings = new SubExtensionSettings(() => host, logFor, userSettingsFile(extension));
  extension.subscriptions.push(settings);
  // The broker's settings.get reads the user's settings.json, checked against the manifest.
  services = { settings: { get: (ext, key) => settings.get(ext, key) }, ...services };
  const lazyRuntime: ExtensionRuntime = {
    start(launch) {
      if (!vscode.workspace.isTrusted && launch.source === 'workspace') {
        return Promise.reject(new Error(`${launch.manifest.id} comes from this workspace, which is not trusted; trust the folder (Workspaces: Manage Workspace Trust) to run it`));
      }
      sandbox ??= new SandboxExtensionRuntime(sandboxRuntime());
      return sandbox.start(launch);
    },
  };
  const host = new ExtensionHost({
    roots: () => extensionRoots(extension.extensionUri),
    runtime: lazyRuntime,
    logFor: (id) => {
      const channel = logFor(id);
      return (level, message) => (level === 'error' ? channel.error(message) : level === 'warn' ? channel.warn(message) : channel.info(message));
    },
  });
  extras.set(host, { settings, bus: services.bus });
  prewarmStrictChild(extension, host, sandboxRuntime);
  return host;
}

/** How long after discovery the strict child is started, so it does not compete with the editor's own start. */
const PREWARM_DELAY_MS = 3000;

/**
 * A new strict child takes about 100-140 ms to start, one already running 10-25 ms. Once the first
 * discovery finds a strict sub-extension that could still activate, one child is started ahead
 * of need; without such an extension none is (a child holds ~5 MB). An unused child is stopped
 * by the runtime's idle policy, and with the runtime when the extension deactivates.
 */
function prewarmStrictChild(extension: vscode.ExtensionContext, host: ExtensionHost, runtime: () => SandboxRuntime): void {
  let timer: NodeJS.Timeout | undefined;
  const listener = host.onDidChangeExtensions(() => {
    if (!host.list().some((ext) => couldActivateStrict(ext))) return;
    listener.dispose();
    timer = setTimeout(() => {
      timer = undefined;
      if (!host.list().some((ext) => couldActivateStrict(ext))) return;
      try {
        runtime().prewarm();
      } catch {
        // No worker (a broken build): the first activation reports that to the user with context.
      }
    }, PREWARM_DELAY_MS);
    timer.unref();
  });
  extension.subscriptions.push({ dispose: () => (listener.dispose(), clearTimeout(timer)) });
}

function couldActivateStrict(ext: BaseExtension): boolean {
  if (ext.source === 'workspace' && !vscode.workspace.isTrusted) return false;
  if (!['Discovered', 'Loaded', 'Inactive'].includes(ext.state)) return false;
  return runsStrict(ext.manifest, { builtin: ext.source === 'builtin' });
}

function createSandbox(extension: vscode.ExtensionContext, gate: PermissionGate, services: HostServices): SandboxRuntime {
  const workspaceRoot = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
  const runtime = new SandboxRuntime({
    gate,
    workspaceRoot,
    // The clipboard is VS Code's; the caller adds the host's bus, so extension messages reach
    // other extensions and the Bus Activity view.
    services: { clipboard: { read: async () => vscode.env.clipboard.readText(), write: async (text) => vscode.env.clipboard.writeText(text) }, ...services },
    // Inside VS Code the executable is Electron; ELECTRON_RUN_AS_NODE makes it plain Node.
    // Code caches live with the extension's global storage: made once per Symphony and VS Code
    // version, they save each later child most of compiling its engine.
    launch: { workerPath: defaultWorkerPath(), executable: process.execPath, env: minimalEnv(!!process.versions.electron), codeCacheDir: sandboxCodeCacheDir(extension) },
  });
  extension.subscriptions.push(runtime);
  return runtime;
}
