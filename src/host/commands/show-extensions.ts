import * as vscode from 'vscode';
import type { CommandFactory } from './command-table';

/** Reveals the Symphony Extensions view and summarises what is installed. */
export const showExtensions: CommandFactory = (host) => async () => {
  await host.extensions.refresh();
  const list = host.extensions.list();
  const broken = host.extensions.problems.filter((p) => p.severity === 'error').length;
  void vscode.commands.executeCommand('symphony.extensions.focus');
  const names = list.map((e) => e.id).join(', ');
  const summary = list.length
    ? `Symphony: ${list.length} extension${list.length === 1 ? '' : 's'} installed — ${names}`
    : 'Symphony: no Symphony extensions installed yet.';
  host.log.info(summary);
  void vscode.window.showInformationMessage(broken ? `${summary} (${broken} could not load; see the Extensions view)` : summary);
};
