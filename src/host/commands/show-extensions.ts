import * as vscode from 'vscode';
import type { CommandFactory } from './command-table';

const MANIFEST_NAMES = ['symphony.toml', 'symphony.json', 'symphony.yaml', 'symphony.yml', 'Symphony.toml', 'extension.toml'];

/** Lists the Symphony extensions found in the built-in and workspace folders. */
export const showExtensions: CommandFactory = (host) => async () => {
  const roots = [vscode.Uri.joinPath(host.extension.extensionUri, 'manifests')];
  if (vscode.workspace.isTrusted) {
    for (const f of vscode.workspace.workspaceFolders ?? []) roots.push(vscode.Uri.joinPath(f.uri, '.symphony', 'extensions'));
  }
  const found: string[] = [];
  for (const root of roots) {
    const entries = await vscode.workspace.fs.readDirectory(root).then(
      (e) => e,
      () => [] as [string, vscode.FileType][],
    );
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.Directory) continue;
      const children = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(root, name));
      if (children.some(([child]) => MANIFEST_NAMES.includes(child))) found.push(name);
    }
  }
  host.log.info(`extensions found: ${found.join(', ') || 'none'}`);
  void vscode.window.showInformationMessage(
    found.length ? `Symphony: ${found.length} extension${found.length === 1 ? '' : 's'} installed — ${found.join(', ')}` : 'Symphony: no Symphony extensions installed yet.',
  );
};
