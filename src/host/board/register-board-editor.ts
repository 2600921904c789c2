import * as vscode from 'vscode';
import type { HostContext } from '../host-context';
import { BOARD_VIEW_TYPE } from './board-view-type';
import { boardHtml } from './board-html';
import { BoardSession, type BoardOperatorSource } from './board-session';
import type { BoardRunner } from './board-runner';
import { applyBoardIntent, type AppliedIntent } from './apply-board-intent';
import * as path from 'node:path';
import type { OperatorRegistry } from '../../core/operators/operator-registry';
import { ConductorBoardRunner } from './conductor-board-runner';
import { BoardIntent, type BoardCommand } from '../../protocol/board';

/** Optional wiring of the board: where operators come from and who runs melodies. */
export interface BoardEditorOptions {
  /** The registry the palette lists and runs use; default: the host's (built-ins, Python, sub-extensions). */
  registry?: OperatorRegistry;
  /** Overrides where the palette's operators come from (default: the registry). */
  operators?: BoardOperatorSource;
  /** Overrides who runs melodies (default: the conductor over the registry). */
  runner?: BoardRunner;
}

/** `symphony.board.*` commands (keybindings and menus while a board is active) → board actions. */
export const BOARD_COMMANDS: Record<string, BoardCommand> = {
  'symphony.board.run': 'run',
  'symphony.board.runFromHere': 'runFromHere',
  'symphony.board.stop': 'stop',
  'symphony.board.pauseResume': 'pauseResume',
  'symphony.board.autoLayout': 'autoLayout',
  'symphony.board.zoomToFit': 'zoomToFit',
  'symphony.board.toggleSnap': 'toggleSnap',
  'symphony.board.duplicate': 'duplicate',
  'symphony.board.focusPalette': 'focusPalette',
};

/** Internal command: apply one board intent to a melody file, exactly as the board does. Used by tests and scripts. */
export const APPLY_INTENT_COMMAND = '_symphony.board.applyIntent';

/** Registers the Harmonic Board as the custom text editor for `*.melody`, and its commands. */
export function registerBoardEditor(host: HostContext, options: BoardEditorOptions = {}): vscode.Disposable {
  // Built lazily: activation stays cheap until a melody is opened.
  let registry = options.registry;
  const theRegistry = () => (registry ??= host.operators.registry);
  let operators = options.operators;
  const operatorSource = () => (operators ??= registrySource(theRegistry()));
  let runner = options.runner;
  const theRunner = () =>
    (runner ??= new ConductorBoardRunner({
      registry: theRegistry(),
      workspaceRootFor: (file) => vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? path.dirname(file),
      services: host.operators.services,
      configFor: (root) => host.operators.peekConfig(root),
      history: true,
    }));
  const sessions = new Set<BoardSession>();
  const provider: vscode.CustomTextEditorProvider = {
    resolveCustomTextEditor(document, panel) {
      const dist = vscode.Uri.joinPath(host.extension.extensionUri, 'dist', 'webviews');
      panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
      panel.webview.html = boardHtml(panel.webview, dist);
      const session = new BoardSession(host, document, panel, operatorSource(), theRunner());
      sessions.add(session);
      panel.onDidDispose(() => {
        sessions.delete(session);
        session.dispose();
      });
    },
  };
  const disposables: vscode.Disposable[] = [
    vscode.window.registerCustomEditorProvider(BOARD_VIEW_TYPE, provider, {
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    }),
  ];
  for (const [id, command] of Object.entries(BOARD_COMMANDS)) {
    disposables.push(
      vscode.commands.registerCommand(id, () => {
        const active = [...sessions].find((s) => s.active);
        if (active) active.command(command);
        else void vscode.window.showInformationMessage('Symphony: open a melody in the Harmonic Board first.');
      }),
    );
  }
  disposables.push(
    vscode.commands.registerCommand(APPLY_INTENT_COMMAND, async (target: vscode.Uri | string, rawIntent: unknown): Promise<AppliedIntent> => {
      const parsed = BoardIntent.safeParse(rawIntent);
      if (!parsed.success) return { ok: false, reason: `Not a board intent: ${parsed.error.message}` };
      const uri = typeof target === 'string' ? vscode.Uri.parse(target) : target;
      const document = await vscode.workspace.openTextDocument(uri);
      const ops = new Map(operatorSource().descriptions().map((d) => [d.id, d]));
      return applyBoardIntent(document, parsed.data, ops);
    }),
  );
  return vscode.Disposable.from(...disposables);
}

function registrySource(registry: OperatorRegistry): BoardOperatorSource {
  return { descriptions: () => registry.descriptions(), onDidChange: (listener) => registry.onDidChange(listener) };
}
