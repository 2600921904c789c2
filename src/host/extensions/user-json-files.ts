import * as vscode from 'vscode';
import { removeTopLevelProperty, setTopLevelProperty, type TextEdit } from './jsonc-edit';

/** The user's settings.json or keybindings.json, opened in an editor the way VS Code's own commands open it. */
export async function openUserJson(which: 'settings' | 'keybindings'): Promise<vscode.TextDocument> {
  const name = `${which}.json`;
  await vscode.commands.executeCommand(which === 'settings' ? 'workbench.action.openSettingsJson' : 'workbench.action.openGlobalKeybindingsFile');
  const deadline = Date.now() + 5000;
  for (;;) {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && doc.uri.path.endsWith(`/${name}`)) return doc;
    if (Date.now() > deadline) throw new Error(`VS Code did not open the user ${name}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Applies one text edit to an open document as one WorkspaceEdit (one undo step), then saves it. */
export async function applyDocumentEdit(doc: vscode.TextDocument, edit: TextEdit): Promise<void> {
  const we = new vscode.WorkspaceEdit();
  we.replace(doc.uri, new vscode.Range(doc.positionAt(edit.offset), doc.positionAt(edit.offset + edit.length)), edit.text);
  if (!(await vscode.workspace.applyEdit(we))) throw new Error(`VS Code refused the edit of ${doc.uri.path}`);
  await doc.save();
}

/**
 * Writes a setting to the user's settings.json (undefined removes it). VS Code's configuration
 * API writes only settings some package.json declares, so a sub-extension's setting is first
 * offered to it and, when it refuses, written into the settings.json editor as one undoable edit.
 */
export async function writeUserSetting(id: string, value: unknown): Promise<'api' | 'editor'> {
  try {
    await vscode.workspace.getConfiguration().update(id, value, vscode.ConfigurationTarget.Global);
    return 'api';
  } catch {
    const doc = await openUserJson('settings');
    const text = doc.getText();
    const edit = value === undefined ? removeTopLevelProperty(text, id) : setTopLevelProperty(text, id, value);
    if (!edit) return 'editor';
    if ('error' in edit) throw new Error(`cannot edit settings.json (${edit.error}); fix the file and try again`);
    await applyDocumentEdit(doc, edit);
    return 'editor';
  }
}
