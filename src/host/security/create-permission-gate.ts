import * as vscode from 'vscode';
import path from 'node:path';
import { AuditLog, GrantMemory, JsonLinesAuditWriter, PermissionGate, type Grant, type PermissionPrompt } from '../../core/security';

const GRANTS_KEY = 'symphony.permissionGrants';

/**
 * The editor's permission gate: policy from settings, "ask once" answers remembered in global
 * state, every decision in the "Symphony: Permissions" output channel and a JSON-lines audit file.
 */
export function createPermissionGate(context: vscode.ExtensionContext): { gate: PermissionGate; memory: GrantMemory; dispose(): void } {
  const memory = new GrantMemory({
    load: () => context.globalState.get<Grant[]>(GRANTS_KEY, []),
    save: (grants) => void context.globalState.update(GRANTS_KEY, grants),
  });
  const audit = new AuditLog();
  const channel = vscode.window.createOutputChannel('Symphony: Permissions', { log: true });
  const sub = audit.onDidRecord((e) => {
    const line = `${e.decision.toUpperCase()} ${e.extension} ${e.permission} ${e.target} (${e.source}, policy ${e.policy})${e.reason ? ` — ${e.reason}` : ''}`;
    if (e.decision === 'denied') channel.warn(line);
    else channel.info(line);
  });
  const writer = new JsonLinesAuditWriter(path.join(context.globalStorageUri.fsPath, 'audit.jsonl'), audit);
  const policy = () => vscode.workspace.getConfiguration('symphony').get<'strict' | 'balanced' | 'permissive'>('security.policy', 'balanced');
  const gate = new PermissionGate({ policy: policy(), memory, audit, prompter: askUser });
  const config = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('symphony.security.policy')) gate.setPolicy(policy());
  });
  return {
    gate,
    memory,
    dispose: () => {
      sub.dispose();
      config.dispose();
      writer.dispose();
      channel.dispose();
    },
  };
}

async function askUser(request: PermissionPrompt): Promise<'allow' | 'deny'> {
  const allow = 'Allow';
  const answer = await vscode.window.showWarningMessage(
    `Symphony extension "${request.extension}" asks for ${request.permission} on ${request.target}.`,
    { modal: true, detail: `Its manifest declares this permission${request.sensitive ? ', and it is a sensitive one' : ''}. Your answer is remembered; revoke it from the Symphony Extensions view.` },
    allow,
    'Deny',
  );
  return answer === allow ? 'allow' : 'deny';
}
