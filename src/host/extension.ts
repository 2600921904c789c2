import * as vscode from 'vscode';
import { commands } from './commands/index';
import type { HostContext } from './host-context';
import { registerBoardEditor } from './board/register-board-editor';
import { MessageBus } from '../core/bus';
import { registerBusActivity, type BusActivityView } from './bus/bus-activity-view';
import { registerHostBroadcasts } from './bus/host-broadcasts';
import { createPermissionGate } from './security/create-permission-gate';
import { createExtensionHost, sandboxCodeCacheDir } from './extensions/create-extension-host';
import { registerExtensions, type RegisteredExtensions } from './extensions/register-extensions';
import { OperatorHub } from './operators/operator-hub';
import { registerMelodyDiagnostics } from './melody/melody-diagnostics';
import { registerManifestDiagnostics } from './manifest/manifest-diagnostics';
import { PythonService } from './python/python-service';
import { ExtensionServices, syncExtensionOperators, type ExtensionHost } from '../core/extensions';
import { createPythonCallOperator } from '../core/python';

/** What `activate` returns; integration tests read it through `extension.exports`. */
export interface SymphonyApi {
  /** Milliseconds `activate` took, measured inside the extension host. */
  readonly activationMs: number;
  /** The sub-extension host with its tree view and "Run Command…" rows (tests and tools inspect them). */
  readonly extensions: { readonly host: ExtensionHost } & Pick<RegisteredExtensions, 'tree' | 'pickItems' | 'onDidFailCommand' | 'contributions'>;
  /** The host's one message bus and the Bus Activity view that watches it. */
  readonly bus: { readonly bus: MessageBus; readonly activity: BusActivityView };
  /** Where sandbox children's code caches are kept. */
  readonly sandboxCodeCacheDir: string;
}

/**
 * The composition root. Activation must stay cheap: register contributions and read manifests;
 * everything else loads when an activation event asks for it.
 */
export function activate(context: vscode.ExtensionContext): SymphonyApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Symphony', { log: true });
  context.subscriptions.push(log);
  const bus = new MessageBus({ onSubscriberError: (err, subscriber, m) => log.warn(`bus: ${subscriber} failed on ${m.channel}: ${String(err)}`) });
  context.subscriptions.push(bus);
  const channels = new Map<string, vscode.LogOutputChannel>();
  const logFor = (id: string) => {
    let channel = channels.get(id);
    if (!channel) {
      channel = vscode.window.createOutputChannel(`Symphony: ${id}`, { log: true });
      channels.set(id, channel);
      context.subscriptions.push(channel);
    }
    return channel;
  };
  const security = createPermissionGate(context);
  context.subscriptions.push(security);
  const services = new ExtensionServices(bus, { onProblem: (id, message) => logFor(id).warn(message) });
  context.subscriptions.push(services);
  const extensions = createExtensionHost(context, security.gate, logFor, { bus, services });
  context.subscriptions.push(registerHostBroadcasts(bus, extensions, services, logFor, log));
  const python = new PythonService(context, log);
  context.subscriptions.push(python);
  const operators = new OperatorHub(context, log, (registry) => {
    const call = registry.register(createPythonCallOperator(python.pool));
    const synced = syncExtensionOperators(extensions, registry, {
      pythonPool: (manifest) => python.executorFor(manifest),
      onProblem: (id, message) => logFor(id).warn(message),
    });
    return vscode.Disposable.from(call, synced);
  }, extensions);
  context.subscriptions.push(operators);
  const melodyDiagnostics = registerMelodyDiagnostics(() => operators.registry);
  context.subscriptions.push(melodyDiagnostics);
  const host: HostContext = { extension: context, log, bus, extensions, logFor, operators, melodyDiagnostics };

  for (const [id, factory] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, factory(host)));
  }
  context.subscriptions.push(registerBoardEditor(host));
  const busActivity = registerBusActivity(bus);
  context.subscriptions.push(busActivity);
  context.subscriptions.push(registerManifestDiagnostics(context, log));
  const registered = registerExtensions(extensions, security.memory, log, logFor);
  context.subscriptions.push(registered);

  const activationMs = performance.now() - started;
  log.info(`Symphony activated in ${activationMs.toFixed(1)} ms`);
  return {
    activationMs,
    extensions: { host: extensions, tree: registered.tree, pickItems: registered.pickItems, onDidFailCommand: registered.onDidFailCommand, contributions: registered.contributions },
    bus: { bus, activity: busActivity.view },
    sandboxCodeCacheDir: sandboxCodeCacheDir(context),
  };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions, which VS Code disposes.
}
