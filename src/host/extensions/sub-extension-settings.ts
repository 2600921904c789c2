import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import type { ExtensionHost } from '../../core/extensions';
import { applyEdit, parseJsonc, removeTopLevelProperty, setTopLevelProperty } from './jsonc-edit';
import { effectiveSetting, findSetting, settingsJsonSchema, type EffectiveSetting, type SettingDeclaration, type SettingProblem } from './setting-values';

/** The scheme of the settings.json schema the host serves to VS Code's JSON language service. */
export const SETTINGS_SCHEMA_URI = vscode.Uri.parse('symphony-schema://symphony/sub-extension-settings.schema.json');

/** A sub-extension setting as the host resolves it. */
export interface ResolvedSetting extends EffectiveSetting {
  extension: string;
  id: string;
  decl: SettingDeclaration;
  /** What settings.json holds for it (undefined when nothing). */
  userValue: unknown;
}

/**
 * The user's settings.json: next to the globalStorage folder VS Code gives every extension
 * (`<user data>/User/globalStorage/<extension>` → `<user data>/User/settings.json`).
 */
export function userSettingsFile(context: vscode.ExtensionContext): string {
  return path.resolve(context.globalStorageUri.fsPath, '..', '..', 'settings.json');
}

/**
 * Sub-extension settings, read from settings.json under the ids their manifests declare.
 * VS Code's configuration API neither shows nor writes settings no package.json declares, so the
 * host reads the files itself (workspace folder settings over user settings, as VS Code does) and
 * checks each value: one that does not fit its declaration is logged, shown once as a warning
 * naming the setting, the value, what was expected and the fix, and the manifest default is used.
 */
export class SubExtensionSettings implements vscode.Disposable {
  private readonly warned = new Set<string>();
  private readonly parsed = new Map<string, { stamp: string; data: Record<string, unknown> | undefined }>();
  private readonly schemaChanged = new vscode.EventEmitter<vscode.Uri>();
  private readonly problemReported = new vscode.EventEmitter<ResolvedSetting & { problem: SettingProblem; warning: string }>();
  /** Fires once per invalid value (per setting and value) with the warning the user was shown. */
  readonly onDidReportProblem = this.problemReported.event;
  private readonly valuesChanged = new vscode.EventEmitter<{ extension: string; ids: string[] }>();
  /**
   * Fires when the value an extension would read for one of its declared settings changed (an
   * edit of settings.json, by hand or by command); the host broadcasts it on the bus.
   */
  readonly onDidChangeValues = this.valuesChanged.event;
  /** The last effective value of each setting, as JSON, by `extension\0id`. */
  private readonly seen = new Map<string, string>();
  private diffTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [this.schemaChanged, this.problemReported, this.valuesChanged];

  constructor(
    private readonly host: () => ExtensionHost | undefined,
    private readonly logFor: (id: string) => vscode.LogOutputChannel,
    /** The user's settings.json (see userSettingsFile). */
    readonly userFile: string | undefined,
  ) {}

  /** A settings file's content, re-read only when its size or modification time changed. */
  private readFile(file: string): Record<string, unknown> | undefined {
    let stamp: string;
    try {
      const st = fs.statSync(file);
      stamp = `${st.size}:${st.mtimeMs}`;
    } catch {
      return undefined;
    }
    const cached = this.parsed.get(file);
    if (cached?.stamp === stamp) return cached.data;
    let data: Record<string, unknown> | undefined;
    try {
      const value = parseJsonc(fs.readFileSync(file, 'utf8'));
      data = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
      data = undefined;
    }
    this.parsed.set(file, { stamp, data });
    return data;
  }

  /** What the user set for `id`: workspace folder settings (trusted folders only), then user settings, then VS Code's own view. */
  userValue(id: string): unknown {
    const files = vscode.workspace.isTrusted ? (vscode.workspace.workspaceFolders ?? []).map((f) => path.join(f.uri.fsPath, '.vscode', 'settings.json')) : [];
    if (this.userFile) files.push(this.userFile);
    for (const file of files) {
      const data = this.readFile(file);
      if (data && Object.prototype.hasOwnProperty.call(data, id)) return data[id];
    }
    return vscode.workspace.getConfiguration().get(id);
  }

  /**
   * Writes a value into the user's settings.json (undefined removes it), changing only that
   * property's text so the user's comments and layout stay.
   */
  async write(id: string, value: unknown): Promise<void> {
    const file = this.userFile;
    if (!file) throw new Error('the user settings.json is not known here');
    if (vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && d.uri.fsPath === file && d.isDirty)) {
      throw new Error('settings.json has unsaved changes in an editor; save or revert them, then try again');
    }
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      // not written yet: the edit creates it
    }
    const edit = value === undefined ? removeTopLevelProperty(text, id) : setTopLevelProperty(text, id, value);
    if (!edit) return;
    if ('error' in edit) throw new Error(`cannot edit ${file} (${edit.error}); fix the file and try again`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, applyEdit(text, edit));
  }

  /** Serves the settings.json schema and keeps it current as extensions come and go. */
  register(host: ExtensionHost): vscode.Disposable {
    const provider: vscode.TextDocumentContentProvider = {
      onDidChange: this.schemaChanged.event,
      provideTextDocumentContent: () => JSON.stringify(settingsJsonSchema(host.list().map((e) => e.manifest)), null, 2),
    };
    this.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(SETTINGS_SCHEMA_URI.scheme, provider),
      host.onDidChangeExtensions(() => {
        this.schemaChanged.fire(SETTINGS_SCHEMA_URI);
        this.scheduleDiff();
      }),
      vscode.workspace.onDidChangeConfiguration(() => {
        this.warned.clear();
        this.scheduleDiff();
      }),
      ...this.watchSettingsFiles(),
      { dispose: () => clearTimeout(this.diffTimer) },
    );
    this.scheduleDiff();
    return this;
  }

  /** Watches the files values come from; VS Code does not report changes of keys it does not know. */
  private watchSettingsFiles(): vscode.Disposable[] {
    const patterns: vscode.GlobPattern[] = ['**/.vscode/settings.json'];
    if (this.userFile) patterns.push(new vscode.RelativePattern(vscode.Uri.file(path.dirname(this.userFile)), path.basename(this.userFile)));
    return patterns.flatMap((pattern) => {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      const changed = () => this.scheduleDiff();
      return [watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed)];
    });
  }

  /** Compares values shortly after a change, so one save that touches several settings fires once. */
  private scheduleDiff(): void {
    clearTimeout(this.diffTimer);
    this.diffTimer = setTimeout(() => this.diff(), 50);
  }

  /** Fires onDidChangeValues for each extension whose effective values changed since last seen. */
  private diff(): void {
    const host = this.host();
    if (!host) return;
    for (const ext of host.list()) {
      const changed: string[] = [];
      for (const id of Object.keys(ext.manifest.configuration.properties)) {
        const key = `${ext.id}\u0000${id}`;
        const value = JSON.stringify(this.resolve(ext.id, id)?.value ?? null);
        const before = this.seen.get(key);
        this.seen.set(key, value);
        if (before !== undefined && before !== value) changed.push(id);
      }
      if (changed.length) this.valuesChanged.fire({ extension: ext.id, ids: changed });
    }
  }

  /** Resolves a key one extension asked for; undefined when the extension declares no such setting. */
  resolve(extension: string, key: string): ResolvedSetting | undefined {
    const ext = this.host()?.get(extension);
    const found = ext && findSetting(ext.manifest, key);
    if (!found) return undefined;
    const userValue = this.userValue(found.id);
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
    const warning = `Symphony: ${s.extension} ${message}. Using the default ${JSON.stringify(s.value)}.`;
    this.problemReported.fire({ ...s, problem: s.problem, warning });
    void vscode.window
      .showWarningMessage(warning, { detail: fix }, 'Edit Setting', 'Open settings.json')
      .then((choice) => {
        if (choice === 'Edit Setting') void vscode.commands.executeCommand('symphony.extensions.editSettings', { extension: s.extension, setting: s.id });
        else if (choice === 'Open settings.json') void this.open();
      });
  }

  /** Opens the user's settings.json in an editor. */
  async open(): Promise<void> {
    if (this.userFile && fs.existsSync(this.userFile)) await vscode.window.showTextDocument(vscode.Uri.file(this.userFile));
    else await vscode.commands.executeCommand('workbench.action.openSettingsJson');
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
