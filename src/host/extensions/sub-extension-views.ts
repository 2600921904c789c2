import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { BaseExtension, ExtensionHost } from '../../core/extensions';
import { codiconName, parseViewItems, parseWebviewContent, webviewDocument, type ViewItem } from './view-items';
import { hostCommandId } from './keybinding-translation';

type ViewDecl = BaseExtension['manifest']['views'][number];

/** A row of the "Sub-extension Views" tree. */
export type ViewNode =
  | { kind: 'view'; ext: BaseExtension; view: ViewDecl }
  | { kind: 'item'; ext: BaseExtension; view: ViewDecl; item: ViewItem }
  | { kind: 'message'; key: string; text: string; error: boolean };

/** The view container's id in package.json. */
export const VIEWS_TREE_ID = 'symphony.extensionViews';

const mayScript = (ext: BaseExtension) => ext.manifest.security.permissions.some((p) => p.name === 'ui.panel');

/**
 * One VS Code tree view for every `[[views]]` a sub-extension declares (VS Code accepts views only
 * from package.json). The top level lists the views; the rows under a tree view come from the
 * extension's command named like the view, called with `{ parent }`. Expanding a view of an
 * inactive extension activates it. A webview view opens a panel with the HTML its command returns.
 */
export class SubExtensionViews implements vscode.TreeDataProvider<ViewNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  constructor(private readonly host: ExtensionHost, private readonly logFor: (id: string) => vscode.LogOutputChannel) {
    this.subscriptions.push(
      host.onDidChangeExtensions(() => this.changed.fire(undefined)),
      // Only a change between running and not running alters the rows (descriptions, children).
      host.onDidChangeState(({ change }) => {
        if (change.to === 'Active' || change.to === 'Inactive' || change.to === 'Failed' || change.to === 'Unloaded') this.changed.fire(undefined);
      }),
      vscode.commands.registerCommand('symphony.extensionViews.refresh', () => this.refresh()),
      vscode.commands.registerCommand('symphony.extensionViews.open', (extension: string, view: string) => this.openWebview(extension, view)),
      vscode.commands.registerCommand('symphony.extensionViews.runItem', (extension: string, command: string, args: unknown) => this.runItem(extension, command, args)),
    );
  }

  refresh(): void {
    this.changed.fire(undefined);
    for (const [key, panel] of this.panels) {
      const [extension, view] = key.split('\u0000');
      void this.renderWebview(extension!, view!, panel);
    }
  }

  async getChildren(node?: ViewNode): Promise<ViewNode[]> {
    if (!node) return this.host.list().flatMap((ext) => ext.manifest.views.map((view): ViewNode => ({ kind: 'view', ext, view })));
    if (node.kind === 'message' || node.view.type === 'webview') return [];
    return this.fetch(node.ext, node.view, node.kind === 'item' ? node.item.id : undefined);
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    if (node.kind === 'message') {
      const item = new vscode.TreeItem(node.text);
      item.id = node.key;
      item.iconPath = new vscode.ThemeIcon(node.error ? 'error' : 'info');
      item.tooltip = node.text;
      return item;
    }
    if (node.kind === 'view') {
      const { ext, view } = node;
      const item = new vscode.TreeItem(view.title ?? view.name ?? view.id, view.type === 'webview' ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `${ext.id}\u0000${view.id}`;
      item.description = ext.state === 'Active' ? ext.id : `${ext.id} · ${ext.state === 'Failed' ? 'failed' : 'not active'}${view.type === 'webview' ? '' : ' — expand to activate'}`;
      item.tooltip = `${view.id} from ${ext.id} (${view.type} view)${ext.lifecycle.error ? `\n${ext.lifecycle.error}` : ''}`;
      item.iconPath = new vscode.ThemeIcon(codiconName(view.icon) ?? (view.type === 'webview' ? 'preview' : 'list-tree'));
      item.contextValue = `symphonySubExtensionView.${view.type}`;
      if (view.type === 'webview') item.command = { command: 'symphony.extensionViews.open', title: 'Open', arguments: [ext.id, view.id] };
      return item;
    }
    const { ext, view, item: row } = node;
    const collapsible = row.collapsible === 'expanded' ? vscode.TreeItemCollapsibleState.Expanded : row.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(row.label, collapsible);
    item.id = `${ext.id}\u0000${view.id}\u0000${row.id}`;
    item.description = row.description;
    item.tooltip = row.tooltip;
    const icon = codiconName(row.icon);
    if (icon) item.iconPath = new vscode.ThemeIcon(icon);
    if (row.command) item.command = { command: 'symphony.extensionViews.runItem', title: row.label, arguments: [ext.id, row.command, row.args] };
    return item;
  }

  /** Activates the extension if needed and asks its view command for the rows under `parent`. */
  private async fetch(ext: BaseExtension, view: ViewDecl, parent: string | undefined): Promise<ViewNode[]> {
    const key = `${ext.id}\u0000${view.id}\u0000${parent ?? ''}`;
    const fail = (text: string): ViewNode[] => {
      this.logFor(ext.id).error(`view ${view.id}: ${text}`);
      return [{ kind: 'message', key: `${key}\u0000message`, text, error: true }];
    };
    try {
      if (ext.state !== 'Active') await this.host.activate(ext.id);
      if (!ext.running) return fail(`${ext.id} has no code (runtime.entry) to fill the view "${view.id}"`);
      const parsed = parseViewItems(await ext.running.invoke(view.id, { parent }), view.id);
      if ('error' in parsed) return fail(parsed.error);
      if (!parsed.items.length && parent === undefined) return [{ kind: 'message', key: `${key}\u0000empty`, text: 'Nothing to show', error: false }];
      return parsed.items.map((item) => ({ kind: 'item', ext, view, item }));
    } catch (e) {
      return fail(`${e instanceof Error ? e.message : String(e)}; the extension registers the command "${view.id}" to fill this view`);
    }
  }

  private async runItem(extension: string, command: string, args: unknown): Promise<unknown> {
    const ext = this.host.get(extension);
    if (!ext) return undefined;
    // A declared command goes through its real id (its errors are shown like any command's).
    if (ext.manifest.commands.some((c) => c.id === command)) return vscode.commands.executeCommand(hostCommandId(extension, command), args);
    try {
      if (ext.state !== 'Active') await this.host.activate(ext.id);
      return await ext.running?.invoke(command, args);
    } catch (e) {
      void vscode.window.showErrorMessage(`Symphony: ${extension} failed to run "${command}" from its view: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** Opens (or reveals) the panel of a webview view. Returns the panel, for tests. */
  async openWebview(extension: string, viewId: string): Promise<vscode.WebviewPanel | undefined> {
    const ext = this.host.get(extension);
    const view = ext?.manifest.views.find((v) => v.id === viewId);
    if (!ext || !view) return undefined;
    try {
      if (ext.state !== 'Active') await this.host.activate(ext.id);
    } catch (e) {
      void vscode.window.showErrorMessage(`Symphony: ${extension} could not start to show its view "${viewId}": ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    const key = `${extension}\u0000${viewId}`;
    let panel = this.panels.get(key);
    if (panel) panel.reveal();
    else {
      const created = vscode.window.createWebviewPanel('symphony.subExtensionView', view.title ?? view.name ?? view.id, vscode.ViewColumn.Active, {
        enableScripts: mayScript(ext),
        localResourceRoots: [],
      });
      panel = created;
      this.panels.set(key, created);
      created.onDidDispose(() => this.panels.get(key) === created && this.panels.delete(key));
      // The panel belongs to the running extension: it closes when the extension stops.
      ext.store.add({ dispose: () => this.panels.get(key) === created && created.dispose() });
    }
    await this.renderWebview(extension, viewId, panel);
    return panel;
  }

  private async renderWebview(extension: string, viewId: string, panel: vscode.WebviewPanel): Promise<void> {
    const ext = this.host.get(extension);
    if (!ext) return;
    const key = `${extension}\u0000${viewId}`;
    let title = panel.title;
    let body: string;
    try {
      if (ext.state !== 'Active') await this.host.activate(ext.id);
      const content = parseWebviewContent(await ext.running?.invoke(viewId, {}), title);
      if ('error' in content) throw new Error(content.error);
      title = content.title;
      body = content.html;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.logFor(extension).error(`view ${viewId}: ${message}`);
      body = `<p>${extension} could not fill this view: ${message.replace(/[<>&]/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`;
    }
    // Closed (or the extension stopped) while its command ran.
    if (this.panels.get(key) !== panel) return;
    panel.title = title;
    panel.webview.html = webviewDocument({ title, body, cspSource: panel.webview.cspSource, nonce: randomBytes(16).toString('base64'), allowScripts: mayScript(ext) });
  }

  dispose(): void {
    for (const p of this.panels.values()) p.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
