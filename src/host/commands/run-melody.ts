import * as vscode from 'vscode';
import path from 'node:path';
import { parseMelodyText } from '../../core/melody';
import { toRunJson } from '../../core/conductor';
import type { CommandFactory } from './command-table';

/** The melody a command is about: its argument, the active editor or board, or one the user picks. */
export async function targetMelody(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.path.endsWith('.melody')) return active;
  const tabInput = vscode.window.tabGroups.activeTabGroup.activeTab?.input as { uri?: vscode.Uri } | undefined;
  if (tabInput?.uri?.path.endsWith('.melody')) return tabInput.uri;
  const found = await vscode.workspace.findFiles('**/*.melody', '**/node_modules/**', 200);
  if (!found.length) {
    void vscode.window.showInformationMessage('Symphony: there is no melody in this workspace yet.', 'New Melody').then((a) => a && vscode.commands.executeCommand('symphony.newMelody'));
    return undefined;
  }
  if (found.length === 1) return found[0];
  const pick = await vscode.window.showQuickPick(found.map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(uri), uri })), { title: 'Run Melody', placeHolder: 'Which melody?' });
  return pick?.uri;
}

/** Runs a melody with a progress notification and Cancel; the result goes to the log and the run history. */
export const runMelody: CommandFactory = (host) => async (arg?: unknown) => {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Symphony: melodies run operators (files, processes, network), so they do not run in an untrusted folder. Trust the folder (Workspaces: Manage Workspace Trust) to run them.');
    return undefined;
  }
  const uri = await targetMelody(arg);
  if (!uri) return undefined;
  const document = await vscode.workspace.openTextDocument(uri);
  const name = vscode.workspace.asRelativePath(uri);
  const loaded = parseMelodyText(document.getText(), uri.fsPath);
  const problems = host.melodyDiagnostics.check(document).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
  if (!loaded.doc || problems.length) {
    const first = problems[0];
    const where = first ? `${name}:${first.range.start.line + 1}:${first.range.start.character + 1}` : name;
    void vscode.window.showErrorMessage(`Symphony: ${where} — ${first?.message ?? 'the melody cannot be read'}`, 'Show Problems').then((a) => a && vscode.commands.executeCommand('workbench.actions.view.problems'));
    return undefined;
  }
  const root = host.operators.rootFor(uri);
  const conductor = await host.operators.conductor(root);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Running ${loaded.doc.name ?? name}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort(new Error('cancelled by the user')));
      const total = Array.isArray(loaded.doc!.nodes) ? loaded.doc!.nodes.length : 1;
      let done = 0;
      return conductor.run(loaded.doc!, {
        file: uri.fsPath,
        signal: abort.signal,
        onEvent: (e) => {
          if (e.type === 'nodeCompleted' || (e.type === 'nodeFailed' && !e.willRetry) || e.type === 'nodeSkipped') {
            done++;
            progress.report({ increment: 100 / total, message: `${done}/${total} · ${e.nodeId}` });
          }
          if (e.type === 'nodeLog') host.log.info(`[${loaded.doc!.name ?? name}] ${e.nodeId}: ${e.message}`);
        },
      });
    },
  );
  host.log.info(`run ${result.runId} of ${name}: ${result.status} in ${result.durationMs.toFixed(0)} ms${result.historyFile ? ` (${result.historyFile})` : ''}`);
  host.log.info(JSON.stringify(toRunJson(result), null, 2));
  if (result.status === 'Completed') {
    const nodes = Object.keys(result.nodes).length;
    void vscode.window.showInformationMessage(`Symphony: melody "${result.melody}" completed — ${nodes} node${nodes === 1 ? '' : 's'} in ${result.durationMs.toFixed(0)} ms`, 'Show Output').then((a) => a && host.log.show());
  } else {
    const message = result.error ? `${result.error.nodeId ? `node "${result.error.nodeId}": ` : ''}${result.error.message}` : result.status;
    void vscode.window.showErrorMessage(`Symphony: melody "${result.melody}" ${result.status.toLowerCase()} — ${message}`, 'Show Log').then((a) => a && host.log.show());
  }
  return result;
};
