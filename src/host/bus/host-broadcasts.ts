import * as vscode from 'vscode';
import { broadcast, declareHostChannels, HostChannels, melodyCompletedFromRecord, type MessageBus } from '../../core/bus';
import { broadcastLifecycle, routeExtensionEvents, type ExtensionHost, type ExtensionServices } from '../../core/extensions';
import { hostExtras } from '../extensions/create-extension-host';

/** Where every melody runner records a finished run (the Conductor's default history folder). */
const RUN_RECORDS = '**/.symphony/runs/*.json';

/**
 * Connects the sub-extensions to the host's bus: their `[services]` (declared, live, proxied),
 * their `[events]` (subscriptions, onEvent activation, `emits` warnings), and the host's own
 * broadcasts on HostChannels — extension activated/deactivated, melody completed, settings
 * changed, file saved.
 */
export function registerHostBroadcasts(
  bus: MessageBus,
  host: ExtensionHost,
  services: ExtensionServices,
  logFor: (id: string) => vscode.LogOutputChannel,
  hostLog: vscode.LogOutputChannel,
): vscode.Disposable {
  const workspaceRoot = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const log = (id: string, level: 'info' | 'warn' | 'error', message: string) => logFor(id)[level](message);
  const owned: Array<{ dispose(): unknown }> = [
    ...declareHostChannels(bus),
    services.attach(host),
    routeExtensionEvents(host, bus, { workspaceRoot, log }),
    broadcastLifecycle(host, bus),
  ];
  const publish = (what: string, send: () => void) => {
    try {
      send();
    } catch (e) {
      // A broadcast nobody can take (a full queue with policy "reject") is logged, never thrown at the editor.
      hostLog.warn(`bus: could not broadcast ${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  owned.push(
    vscode.workspace.onDidSaveTextDocument((doc) =>
      publish(HostChannels.fileSaved, () => broadcast(bus, HostChannels.fileSaved, { path: vscode.workspace.asRelativePath(doc.uri, false), uri: doc.uri.toString(), languageId: doc.languageId })),
    ),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('symphony')) return;
      const extensions = host.list().map((x) => x.id).filter((id) => e.affectsConfiguration(`symphony.${id}`));
      publish(HostChannels.settingsChanged, () => broadcast(bus, HostChannels.settingsChanged, { section: 'symphony', extensions }));
    }),
  );
  // Sub-extension settings live in settings.json under their own ids, which VS Code does not track.
  const settings = hostExtras(host)?.settings;
  if (settings) {
    owned.push(
      settings.onDidChangeValues(({ extension, ids }) =>
        publish(HostChannels.settingsChanged, () => broadcast(bus, HostChannels.settingsChanged, { section: extension, extensions: [extension], keys: ids })),
      ),
    );
  }
  // Every runner (command, board, CLI in the same workspace) writes the run's record when it ends.
  const runs = vscode.workspace.createFileSystemWatcher(RUN_RECORDS, false, true, true);
  owned.push(
    runs,
    runs.onDidCreate(async (uri) => {
      try {
        const payload = melodyCompletedFromRecord(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'), uri.fsPath);
        if (payload) publish(HostChannels.melodyCompleted, () => broadcast(bus, HostChannels.melodyCompleted, payload));
      } catch {
        // The record was pruned before it could be read: the run is history already.
      }
    }),
  );
  return new vscode.Disposable(() => {
    for (const d of owned.reverse()) d.dispose();
  });
}
