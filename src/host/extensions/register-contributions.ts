import * as vscode from 'vscode';
import path from 'node:path';
import type { ExtensionHost } from '../../core/extensions';
import { addKeybindingsCommand, modalPrompts, type Prompts } from './add-keybindings-command';
import { hostExtras } from './create-extension-host';
import { editSettingsCommand } from './edit-settings-command';
import { StatusBarItems, type StatusBarItemInfo } from './status-bar-items';
import { SubExtensionSettings } from './sub-extension-settings';
import { SubExtensionViews, VIEWS_TREE_ID } from './sub-extension-views';

/** The sub-extension contributions VS Code shows, for tests and tools (through the extension's API). */
export interface ContributionsApi {
  /** The status bar items of active sub-extensions. */
  statusBarItems(): StatusBarItemInfo[];
  /** Settings as sub-extensions read them, and the writer the settings command uses (no validation). */
  readonly settings: {
    readonly userFile: string | undefined;
    get(extension: string, key: string): unknown;
    userValue(id: string): unknown;
    write(id: string, value: unknown): Promise<void>;
    /** Fires with each warning shown about an invalid value. */
    readonly onDidReportProblem: SubExtensionSettings['onDidReportProblem'];
  };
  /** The "Sub-extension Views" tree. */
  readonly views: SubExtensionViews;
  /** The confirmation asked before a user file changes; replaceable so tests can answer it. */
  prompts: Prompts;
}

/**
 * Wires what sub-extensions contribute beyond commands: status bar items, settings (with the
 * settings.json schema), the views tree, and the settings and key-binding commands.
 */
export function registerContributions(host: ExtensionHost, logFor: (id: string) => vscode.LogOutputChannel): { api: ContributionsApi; disposable: vscode.Disposable } {
  const extras = hostExtras(host);
  // A host made elsewhere (tests, tools) gets settings of its own.
  const ownSettings = extras ? undefined : new SubExtensionSettings(() => host, logFor, undefined);
  const settings = extras?.settings ?? ownSettings!;
  const statusBar = new StatusBarItems(host, extras?.bus, logFor);
  const views = new SubExtensionViews(host, logFor);
  const api: ContributionsApi = {
    statusBarItems: () => statusBar.items(),
    settings: { userFile: settings.userFile, get: (extension, key) => settings.get(extension, key), userValue: (id) => settings.userValue(id), write: (id, value) => settings.write(id, value), onDidReportProblem: settings.onDidReportProblem },
    views,
    prompts: modalPrompts,
  };
  const disposables: vscode.Disposable[] = [
    statusBar,
    views,
    settings.register(host),
    vscode.window.registerTreeDataProvider(VIEWS_TREE_ID, views),
    // A bad value is reported when its extension starts, not first when the code reads it.
    host.onDidChangeState(({ extension, change }) => {
      if (change.to === 'Active') settings.checkAll(extension.id);
    }),
    vscode.commands.registerCommand('symphony.extensions.editSettings', editSettingsCommand(host, settings)),
    vscode.commands.registerCommand(
      'symphony.extensions.addKeybindings',
      // keybindings.json sits beside settings.json in the user folder.
      addKeybindingsCommand(host, () => api.prompts, logFor, settings.userFile && path.join(path.dirname(settings.userFile), 'keybindings.json')),
    ),
  ];
  if (ownSettings) disposables.push(ownSettings);
  return { api, disposable: vscode.Disposable.from(...disposables) };
}
