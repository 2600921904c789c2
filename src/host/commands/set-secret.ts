import * as vscode from 'vscode';
import type { CommandFactory } from './command-table';
import { secretKey } from '../operators/editor-operator-services';

/** Stores a secret (API key, connection URL) under a name that operators refer to. */
export const setSecret: CommandFactory = (host) => async () => {
  const name = await vscode.window.showInputBox({
    title: 'Set Secret (1/2)',
    prompt: 'Name of the secret, as operators refer to it (e.g. "openai" or "prod-db")',
    validateInput: (v) => (/^[\w.-]+$/.test(v.trim()) ? undefined : 'Use letters, digits, dots, dashes or underscores.'),
  });
  if (!name) return;
  const value = await vscode.window.showInputBox({ title: `Set Secret (2/2): ${name.trim()}`, prompt: 'The secret value; it is stored in VS Code\'s secret storage, never in a melody', password: true });
  if (value === undefined) return;
  await host.extension.secrets.store(secretKey(name.trim()), value);
  void vscode.window.showInformationMessage(`Symphony: secret "${name.trim()}" stored.`);
};
