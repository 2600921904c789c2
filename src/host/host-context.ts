import type * as vscode from 'vscode';
import type { MessageBus } from '../core/bus';
import type { ExtensionHost } from '../core/extensions';
import type { OperatorHub } from './operators/operator-hub';

/** What every host-side feature receives from the composition root. */
export interface HostContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** The one message bus between sub-extensions and the host. */
  readonly bus: MessageBus;
  /** Symphony's own host of sub-extensions. */
  readonly extensions: ExtensionHost;
  /** The log channel of one sub-extension ("Symphony: <name>"), created on first use. */
  logFor(id: string): vscode.LogOutputChannel;
  /** The operator registry, its services and per-workspace conductors. */
  readonly operators: OperatorHub;
  /** Melody problems in the Problems panel; `check` validates one document now. */
  readonly melodyDiagnostics: { check(document: vscode.TextDocument): readonly vscode.Diagnostic[] };
}
