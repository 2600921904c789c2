import * as vscode from 'vscode';
import type { HostContext } from '../host-context';
import { BOARD_VIEW_TYPE } from './board-view-type';
import { BoardToHost, type HostToBoard } from '../../protocol/board';
import { boardHtml } from './board-html';

/** Registers the Harmonic Board as the custom text editor for `*.melody`. */
export function registerBoardEditor(host: HostContext): vscode.Disposable {
  const provider: vscode.CustomTextEditorProvider = {
    resolveCustomTextEditor(document, panel) {
      const dist = vscode.Uri.joinPath(host.extension.extensionUri, 'dist', 'webviews');
      panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
      panel.webview.html = boardHtml(panel.webview, dist);
      const post = (message: HostToBoard) => void panel.webview.postMessage(message);
      const subs = [
        panel.webview.onDidReceiveMessage((raw: unknown) => {
          const parsed = BoardToHost.safeParse(raw);
          if (!parsed.success) {
            host.log.warn(`board: ignored a malformed message: ${parsed.error.message}`);
            return;
          }
          const msg = parsed.data;
          if (msg.type === 'ready') post({ type: 'init', text: document.getText(), fileName: document.fileName });
          else if (msg.type === 'openTextEditor') void vscode.commands.executeCommand('vscode.openWith', document.uri, 'default', vscode.ViewColumn.Beside);
        }),
        vscode.workspace.onDidChangeTextDocument((e) => {
          if (e.document.uri.toString() === document.uri.toString()) post({ type: 'documentChanged', text: document.getText() });
        }),
      ];
      panel.onDidDispose(() => subs.forEach((s) => s.dispose()));
    },
  };
  return vscode.window.registerCustomEditorProvider(BOARD_VIEW_TYPE, provider, {
    webviewOptions: { retainContextWhenHidden: false },
    supportsMultipleEditorsPerDocument: true,
  });
}
