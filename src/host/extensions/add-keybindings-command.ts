import * as vscode from 'vscode';
import type { BaseExtension, ExtensionHost } from '../../core/extensions';
import { appendToTopLevelArray, parseJsonc } from './jsonc-edit';
import { describeBinding, missingBindings, translateKeybindings, type VsKeybinding } from './keybinding-translation';
import { applyDocumentEdit, openUserJson } from './user-json-files';

/** Questions the host asks before it changes a user's file; tests replace `confirm`. */
export interface Prompts {
  confirm(message: string, detail: string, action: string): Thenable<boolean>;
}

/** Asks with a modal dialog. */
export const modalPrompts: Prompts = {
  confirm: async (message, detail, action) => (await vscode.window.showInformationMessage(message, { modal: true, detail }, action)) === action,
};

type Arg = { kind: 'extension'; ext: BaseExtension } | string | undefined;

/**
 * "Symphony: Add Key Bindings of Sub-extension…": shows what a user or workspace sub-extension's
 * `[[keybindings]]` would add and, once the user agrees, appends them to keybindings.json (opened,
 * one undoable edit, saved). Returns the bindings it added.
 */
export function addKeybindingsCommand(host: ExtensionHost, prompts: () => Prompts, logFor: (id: string) => vscode.LogOutputChannel, keybindingsFile: string | undefined): (arg?: Arg) => Promise<VsKeybinding[]> {
  return async (arg) => {
    let ext = typeof arg === 'string' ? host.get(arg) : arg?.ext;
    if (!ext) {
      const candidates = host.list().filter((e) => e.manifest.keybindings.length > 0);
      if (!candidates.length) {
        void vscode.window.showInformationMessage('Symphony: no installed Symphony extension declares key bindings ([[keybindings]] in its manifest).');
        return [];
      }
      const pick = await vscode.window.showQuickPick(
        candidates.map((e) => ({ label: e.manifest.package.display_name ?? e.id, description: `${e.id} · ${e.source}`, detail: e.manifest.keybindings.map((k) => `${k.key} → ${k.command}`).join(', '), ext: e })),
        { title: 'Add Key Bindings of Sub-extension', placeHolder: 'Whose key bindings?' },
      );
      if (!pick) return [];
      ext = pick.ext;
    }
    if (ext.source === 'builtin') {
      void vscode.window.showInformationMessage(`Symphony: ${ext.id} is built in; its key bindings are already part of Symphony (Preferences: Open Keyboard Shortcuts, search "symphony.ext.${ext.id}").`);
      return [];
    }
    const { bindings, problems } = translateKeybindings(ext.manifest);
    for (const p of problems) logFor(ext.id).warn(p);
    if (!bindings.length) {
      void vscode.window.showWarningMessage(`Symphony: ${ext.id} declares no usable key bindings${problems.length ? ` (${problems.length} skipped; see its log)` : ''}.`);
      return [];
    }
    const titles = new Map(ext.manifest.commands.map((c) => [`symphony.ext.${ext!.id}.${c.id}`, `${c.category ? `${c.category}: ` : ''}${c.title ?? c.id}`]));
    const detail = [
      ...bindings.map((b) => describeBinding(b, titles.get(b.command) ?? b.command)),
      ...(problems.length ? ['', `Skipped: ${problems.join('; ')}`] : []),
      '',
      'They are appended to your keybindings.json, which opens so you can review or undo the change.',
    ].join('\n');
    const ok = await prompts().confirm(`Add ${bindings.length} key binding${bindings.length === 1 ? '' : 's'} of ${ext.id} to your keybindings.json?`, detail, 'Add Key Bindings');
    if (!ok) return [];
    const doc = await openUserJson('keybindings', keybindingsFile);
    const existing = parseJsonc(doc.getText());
    if (existing === undefined && doc.getText().trim() !== '') throw new Error('keybindings.json is not valid JSON; fix it and run the command again');
    const added = missingBindings(bindings, existing);
    if (!added.length) {
      void vscode.window.showInformationMessage(`Symphony: keybindings.json already has every key binding of ${ext.id}.`);
      return [];
    }
    await applyDocumentEdit(doc, (text) => {
      const edit = appendToTopLevelArray(text, added);
      if ('error' in edit) throw new Error(`cannot add to keybindings.json: ${edit.error}; fix the file and run the command again`);
      return edit;
    });
    return added;
  };
}
