import type * as vscode from 'vscode';

/** What every host-side feature receives from the composition root. */
export interface HostContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
}
