import * as vscode from 'vscode';
import { commands } from './commands/index';
import type { HostContext } from './host-context';
import { registerBoardEditor } from './board/register-board-editor';
import { MessageBus } from '../core/bus';
import { registerBusActivity } from './bus/bus-activity-view';

/** What `activate` returns; integration tests read it through `extension.exports`. */
export interface SymphonyApi {
  /** Milliseconds `activate` took, measured inside the extension host. */
  readonly activationMs: number;
}

/**
 * The composition root. Activation must stay cheap: register contributions and read manifests;
 * everything else loads when an activation event asks for it.
 */
export function activate(context: vscode.ExtensionContext): SymphonyApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Symphony', { log: true });
  context.subscriptions.push(log);
  const bus = new MessageBus({ onSubscriberError: (err, subscriber, m) => log.warn(`bus: ${subscriber} failed on ${m.channel}: ${String(err)}`) });
  context.subscriptions.push(bus);
  const host: HostContext = { extension: context, log, bus };

  for (const [id, factory] of Object.entries(commands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, factory(host)));
  }
  context.subscriptions.push(registerBoardEditor(host));
  context.subscriptions.push(registerBusActivity(bus));

  const activationMs = performance.now() - started;
  log.info(`Symphony activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions, which VS Code disposes.
}
