import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import type { TextEdit } from './jsonc-edit';

/**
 * The user's settings.json or keybindings.json, opened in an editor: by its path when it is known
 * and exists (so the editor and the extension host share one document, and Undo in that editor
 * takes back an edit made here), else the way VS Code's own command opens it.
 */
export async function openUserJson(which: 'settings' | 'keybindings', knownFile?: string): Promise<vscode.TextDocument> {
  const name = `${which}.json`;
  if (knownFile && which === 'keybindings' && !fs.existsSync(knownFile) && fs.existsSync(path.dirname(knownFile))) {
    // What VS Code writes when it creates the file.
    fs.writeFileSync(knownFile, '// Place your key bindings in this file to override the defaults\n[]\n');
  }
  if (knownFile && fs.existsSync(knownFile)) return (await vscode.window.showTextDocument(vscode.Uri.file(knownFile))).document;
  await vscode.commands.executeCommand(which === 'settings' ? 'workbench.action.openSettingsJson' : 'workbench.action.openGlobalKeybindingsFile');
  const deadline = Date.now() + 5000;
  for (;;) {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && doc.uri.path.endsWith(`/${name}`)) return doc;
    if (Date.now() > deadline) throw new Error(`VS Code did not open the user ${name}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Applies one text edit, computed from the document's current text, as one WorkspaceEdit (one undo
 * step), then saves. VS Code refuses an edit made against an older version of the text (a file it
 * has just created gets its initial content right after opening), so the edit is recomputed and
 * tried again a few times.
 */
export async function applyDocumentEdit(doc: vscode.TextDocument, compute: (text: string) => TextEdit | undefined): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    const edit = compute(doc.getText());
    if (!edit) return false;
    const we = new vscode.WorkspaceEdit();
    we.replace(doc.uri, new vscode.Range(doc.positionAt(edit.offset), doc.positionAt(edit.offset + edit.length)), edit.text);
    if (await vscode.workspace.applyEdit(we)) break;
    if (attempt === 4) throw new Error(`VS Code refused the edit of ${doc.uri.path} (the file kept changing); try again`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await doc.save();
  return true;
}
