import * as vscode from 'vscode';
import type { OperatorDescription } from '../../core/operators/operator';
import { BoardClipboard, BoardToHost, type BoardCommand, type BoardIntent, type HostToBoard } from '../../protocol/board';
import type { HostContext } from '../host-context';
import { applyBoardIntent } from './apply-board-intent';
import type { BoardRunHandle, BoardRunner } from './board-runner';

/** Where the board gets operator descriptions; the registry fits (`descriptions()` + `onDidChange`). */
export interface BoardOperatorSource {
  descriptions(): OperatorDescription[];
  onDidChange?: (listener: () => void) => { dispose(): void };
}

/**
 * One open board: parses what the webview sends, turns each intent into one WorkspaceEdit on the
 * document (so VS Code owns undo, dirty state, save, revert and hot exit), mirrors document
 * changes back, and bridges runs.
 */
export class BoardSession implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Intents apply one after another, each against the text the previous one produced. */
  private queue: Promise<void> = Promise.resolve();
  private run: BoardRunHandle | undefined;

  constructor(
    private readonly host: HostContext,
    private readonly document: vscode.TextDocument,
    private readonly panel: vscode.WebviewPanel,
    private readonly operators: BoardOperatorSource,
    private readonly runner: BoardRunner | undefined,
  ) {
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === document && e.contentChanges.length > 0) this.post({ type: 'documentChanged', text: document.getText() });
      }),
    );
    const changed = operators.onDidChange?.(() => this.post({ type: 'operatorsChanged', operators: operators.descriptions() }));
    if (changed) this.subscriptions.push(changed);
  }

  dispose(): void {
    this.run?.stop();
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }

  private post(message: HostToBoard): void {
    void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const parsed = BoardToHost.safeParse(raw);
    if (!parsed.success) {
      this.host.log.warn(`board: ignored a malformed message from ${this.document.fileName}: ${parsed.error.message}`);
      return;
    }
    const msg = parsed.data;
    switch (msg.type) {
      case 'ready':
        this.post({
          type: 'init',
          text: this.document.getText(),
          fileName: this.document.fileName,
          operators: this.operators.descriptions(),
          canRun: this.runner !== undefined,
          runUnavailableReason: this.runner ? undefined : 'Running from the board needs the conductor, which is not available in this build.',
        });
        return;
      case 'openTextEditor':
        void vscode.commands.executeCommand('vscode.openWith', this.document.uri, 'default', vscode.ViewColumn.Beside);
        return;
      case 'edit':
        this.enqueue(msg.intent);
        return;
      case 'copy':
        void vscode.env.clipboard.writeText(JSON.stringify(msg.clipboard, null, 2));
        return;
      case 'pasteFromClipboard':
        void this.pasteFromClipboard(msg.at);
        return;
      case 'showLog':
        void vscode.commands.executeCommand('symphony.showLogs');
        return;
      case 'run':
        this.startRun(msg.fromNode);
        return;
      case 'stop':
        this.run?.stop();
        return;
      case 'pause':
        this.run?.pause();
        return;
      case 'resume':
        this.run?.resume();
        return;
    }
  }

  private async pasteFromClipboard(at: { x: number; y: number } | undefined): Promise<void> {
    const text = await vscode.env.clipboard.readText();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    const clip = BoardClipboard.safeParse(value);
    if (!clip.success || clip.data.nodes.length === 0) {
      this.post({ type: 'editRejected', reason: 'The clipboard holds no board nodes. Copy nodes on a board first (Ctrl+C).' });
      return;
    }
    this.enqueue({ type: 'paste', nodes: clip.data.nodes, connections: clip.data.connections, at, offset: at ? undefined : { x: 40, y: 40 } });
  }

  private enqueue(intent: BoardIntent): void {
    this.queue = this.queue.then(() => this.apply(intent)).catch((e: unknown) => this.host.log.error(`board: edit failed: ${String(e)}`));
  }

  /** One intent → one WorkspaceEdit → one undo step. */
  private async apply(intent: BoardIntent): Promise<void> {
    const ops = new Map(this.operators.descriptions().map((d) => [d.id, d]));
    const result = await applyBoardIntent(this.document, intent, ops);
    if (!result.ok) {
      this.post({ type: 'editRejected', reason: result.reason });
      // The board may show an optimistic state (a dragged node); re-sync it with the document.
      this.post({ type: 'documentChanged', text: this.document.getText() });
      return;
    }
    if (result.created.length) this.post({ type: 'selectNodes', ids: result.created });
  }

  /** Sends a VS Code command (Run, Auto-layout…) to this board's webview. */
  command(command: BoardCommand): void {
    this.post({ type: 'command', command });
  }

  /** Whether this board's editor is the active one. */
  get active(): boolean {
    return this.panel.active;
  }

  private startRun(fromNode: string | undefined): void {
    if (!this.runner) {
      this.post({ type: 'editRejected', reason: 'Running from the board is not available in this build: the conductor is missing.' });
      return;
    }
    if (!vscode.workspace.isTrusted) {
      this.post({ type: 'editRejected', reason: 'Melodies do not run in an untrusted folder. Trust the folder (Manage Workspace Trust) to run it.' });
      return;
    }
    if (this.run) {
      this.post({ type: 'editRejected', reason: 'A run of this melody is already in progress; stop it first.' });
      return;
    }
    const handle = this.runner.start({ text: this.document.getText(), fileName: this.document.fileName, fromNode }, (event) => this.post({ type: 'runEvent', event }));
    this.run = handle;
    void handle.done.finally(() => {
      if (this.run === handle) this.run = undefined;
    });
  }
}
