import * as vscode from 'vscode';
import type { BaseExtension, ExtensionHost } from '../../core/extensions';

type Node = { kind: 'extension'; ext: BaseExtension } | { kind: 'problem'; id: string; message: string; severity: string };

const STATE_ICON: Record<string, string> = {
  Active: 'pass-filled',
  Loaded: 'circle-outline',
  Inactive: 'circle-slash',
  Failed: 'error',
  Activating: 'loading~spin',
  Deactivating: 'loading~spin',
};

/** The "Symphony Extensions" view: every sub-extension with its state, and the problems of those that cannot load. */
export class ExtensionsTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly host: ExtensionHost) {
    host.onDidChangeExtensions(() => this.changed.fire());
    host.onDidChangeState(() => this.changed.fire());
  }

  getChildren(): Node[] {
    const nodes: Node[] = this.host.list().map((ext) => ({ kind: 'extension', ext }));
    for (const p of this.host.problems) nodes.push({ kind: 'problem', id: p.extension, message: p.message, severity: p.severity });
    return nodes;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'problem') {
      const item = new vscode.TreeItem(node.id);
      item.description = node.message;
      item.tooltip = node.message;
      item.iconPath = new vscode.ThemeIcon(node.severity === 'error' ? 'error' : 'warning', new vscode.ThemeColor(node.severity === 'error' ? 'problemsErrorIcon.foreground' : 'problemsWarningIcon.foreground'));
      item.contextValue = 'symphonyProblem';
      return item;
    }
    const { ext } = node;
    const m = ext.manifest;
    const item = new vscode.TreeItem(m.package.display_name ?? ext.id);
    const ms = ext.activationMs !== undefined ? ` · ${ext.activationMs.toFixed(0)} ms` : '';
    item.description = `${m.version} · ${ext.kindLabel} · ${ext.state}${ms}`;
    item.tooltip = new vscode.MarkdownString(
      [`**${ext.id}** ${m.version} (${ext.source})`, m.package.description ?? '', `State: ${ext.state}${ext.lifecycle.error ? ` — ${ext.lifecycle.error}` : ''}`, `Sandbox: ${m.security.sandbox_level}`, `Permissions: ${m.security.permissions.map((p) => (p.scope.length ? `${p.name} (${p.scope.join(', ')})` : p.name)).join(', ') || 'none'}`].join('\n\n'),
    );
    item.iconPath = new vscode.ThemeIcon(STATE_ICON[ext.state] ?? 'circle-outline');
    item.contextValue = `symphonyExtension.${ext.state}`;
    item.id = ext.id;
    return item;
  }
}
