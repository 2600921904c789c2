import * as vscode from 'vscode';
import type { ExtensionHost } from '../../core/extensions';
import { effectiveSetting, findSetting, settingsJsonSchema, type EffectiveSetting, type SettingDeclaration } from './setting-values';

/** The scheme of the settings.json schema the host serves to VS Code's JSON language service. */
export const SETTINGS_SCHEMA_URI = vscode.Uri.parse('symphony-schema:/sub-extension-settings.schema.json');

/** A sub-extension setting as the host resolves it. */
export interface ResolvedSetting extends EffectiveSetting {
  extension: string;
  id: string;
  decl: SettingDeclaration;
  /** What settings.json holds for it (undefined when nothing). */
  userValue: unknown;
}

/**
 * Sub-extension settings, read from the user's settings under the ids their manifests declare.
 * VS Code only registers settings declared in package.json, so these are checked here: a value
 * that does not fit its declaration is logged, shown once as a warning naming the setting, the
 * value, what was expected and the fix, and the manifest default is used instead.
 */
export class SubExtensionSettings implements vscode.Disposable {
  private readonly warned = new Set<string>();
  private readonly schemaChanged = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[] = [this.schemaChanged];

  constructor(private readonly host: () => ExtensionHost | undefined, private readonly logFor: (id: string) => vscode.LogOutputChannel) {}

  /** Serves the settings.json schema and keeps it current as extensions come and go. */
  register(host: ExtensionHost): vscode.Disposable {
    const provider: vscode.TextDocumentContentProvider = {
      onDidChange: this.schemaChanged.event,
      provideTextDocumentContent: () => JSON.stringify(settingsJsonSchema(host.list().map((e) => e.manifest)), null, 2),
    };
    this.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(SETTINGS_SCHEMA_URI.scheme, provider),
      host.onDidChangeExtensions(() => this.schemaChanged.fire(SETTINGS_SCHEMA_URI)),
      vscode.workspace.onDidChangeConfiguration(() => this.warned.clear()),
    );
    return this;
  }

  /** Resolves a key one extension asked for; undefined when the extension declares no such setting. */
  resolve(extension: string, key: string): ResolvedSetting | undefined {
    const ext = this.host()?.get(extension);
    const found = ext && findSetting(ext.manifest, key);
    if (!found) return undefined;
    const userValue = vscode.workspace.getConfiguration().get(found.id);
    return { extension, id: found.id, decl: found.decl, userValue, ...effectiveSetting(found.id, found.decl, userValue) };
  }

  /** What `symphony.settings.get(key)` returns to the sub-extension `extension`. */
  get(extension: string, key: string): unknown {
    const resolved = this.resolve(extension, key);
    if (!resolved) {
      this.logFor(extension).warn(`settings.get("${key}"): this extension declares no such setting; add it to [configuration.properties] in its manifest`);
      return null;
    }
    this.report(resolved);
    return resolved.value;
  }

  /** Checks every declared setting of an extension, so a bad value is reported when it activates. */
  checkAll(extension: string): ResolvedSetting[] {
    const ext = this.host()?.get(extension);
    const all = Object.keys(ext?.manifest.configuration.properties ?? {}).map((id) => this.resolve(extension, id)!).filter(Boolean);
    for (const s of all) this.report(s);
    return all;
  }

  private report(s: ResolvedSetting): void {
    if (!s.problem) return;
    const key = `${s.id}\u0000${JSON.stringify(s.userValue)}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    const { message, fix } = s.problem;
    this.logFor(s.extension).warn(`${message}; using the default ${JSON.stringify(s.value)}. Fix: ${fix}`);
    void vscode.window
      .showWarningMessage(`Symphony: ${s.extension} ${message}. Using the default ${JSON.stringify(s.value)}.`, { detail: fix }, 'Edit Setting', 'Open settings.json')
      .then((choice) => {
        if (choice === 'Edit Setting') void vscode.commands.executeCommand('symphony.extensions.editSettings', { extension: s.extension, setting: s.id });
        else if (choice === 'Open settings.json') void vscode.commands.executeCommand('workbench.action.openSettingsJson');
      });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
