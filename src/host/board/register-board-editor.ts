import * as vscode from 'vscode';
import type { HostContext } from '../host-context';
import { BOARD_VIEW_TYPE } from './board-view-type';
import { boardHtml } from './board-html';
import { BoardSession, type BoardOperatorSource } from './board-session';
import type { BoardRunner } from './board-runner';
import { createDefaultRegistry } from '../../core/conductor/default-registry';

/** Optional wiring of the board: where operators come from and who runs melodies. */
export interface BoardEditorOptions {
  /** Operators for the palette and connection checks; default: the built-in registry. */
  operators?: BoardOperatorSource;
  /** Runs melodies for Run / Stop / Pause; without one the board's run buttons explain why they are off. */
  runner?: BoardRunner;
}

/** Registers the Harmonic Board as the custom text editor for `*.melody`. */
export function registerBoardEditor(host: HostContext, options: BoardEditorOptions = {}): vscode.Disposable {
  let operators = options.operators;
  const provider: vscode.CustomTextEditorProvider = {
    resolveCustomTextEditor(document, panel) {
      // Built lazily: activation stays cheap until a melody is opened.
      operators ??= registrySource();
      const dist = vscode.Uri.joinPath(host.extension.extensionUri, 'dist', 'webviews');
      panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
      panel.webview.html = boardHtml(panel.webview, dist);
      const session = new BoardSession(host, document, panel, operators, options.runner);
      panel.onDidDispose(() => session.dispose());
    },
  };
  return vscode.window.registerCustomEditorProvider(BOARD_VIEW_TYPE, provider, {
    webviewOptions: { retainContextWhenHidden: false },
    supportsMultipleEditorsPerDocument: true,
  });
}

function registrySource(): BoardOperatorSource {
  const registry = createDefaultRegistry();
  return { descriptions: () => registry.descriptions(), onDidChange: (listener) => registry.onDidChange(listener) };
}
