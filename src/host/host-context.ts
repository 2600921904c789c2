import type * as vscode from 'vscode';
import type { MessageBus } from '../core/bus';

/** What every host-side feature receives from the composition root. */
export interface HostContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** The one message bus between sub-extensions and the host. */
  readonly bus: MessageBus;
}
