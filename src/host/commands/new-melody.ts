import * as vscode from 'vscode';
import type { CommandFactory } from './command-table';
import { BOARD_VIEW_TYPE } from '../board/board-view-type';

const TEMPLATE = (name: string) => ({
  format: 'melody/1',
  name,
  nodes: [{ id: 'start', operator: 'core.manual-trigger', name: 'Start', position: { x: 0, y: 0 }, params: {} }],
  connections: [],
  config: { concurrency: 4 },
});

/** Creates `<name>.melody` in the workspace from a template and opens it in the board. */
export const newMelody: CommandFactory = (host) => async () => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage('Symphony: open a folder first — a melody is saved as a file in your workspace.');
    return;
  }
  const name = await vscode.window.showInputBox({
    title: 'New Melody',
    prompt: 'Name of the melody (the file is saved as <name>.melody in the workspace root)',
    value: 'my-melody',
    validateInput: (v) => (/^[\w][\w .-]*$/.test(v.trim()) ? undefined : 'Use letters, digits, spaces, dots, dashes or underscores.'),
  });
  if (!name) return;
  const uri = vscode.Uri.joinPath(folder.uri, `${name.trim()}.melody`);
  try {
    await vscode.workspace.fs.stat(uri);
    void vscode.window.showErrorMessage(`Symphony: ${vscode.workspace.asRelativePath(uri)} already exists; choose another name.`);
    return;
  } catch {
    // does not exist: create it
  }
  await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(TEMPLATE(name.trim()), null, 2) + '\n', 'utf8'));
  host.log.info(`created ${uri.fsPath}`);
  await vscode.commands.executeCommand('vscode.openWith', uri, BOARD_VIEW_TYPE);
};
