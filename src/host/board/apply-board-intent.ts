import * as vscode from 'vscode';
import type { OperatorDescription } from '../../core/operators/operator';
import type { BoardIntent } from '../../protocol/board';
import { applyIntent } from './melody-edits';

/** What applying an intent to a document did. */
export type AppliedIntent = { ok: true; changed: boolean; created: string[] } | { ok: false; reason: string };

/**
 * Applies one board intent to a melody document as exactly one WorkspaceEdit (one undo step),
 * replacing only the changed range. A document that does not parse is refused, never rewritten.
 */
export async function applyBoardIntent(document: vscode.TextDocument, intent: BoardIntent, operators: ReadonlyMap<string, OperatorDescription>): Promise<AppliedIntent> {
  const result = applyIntent(document.getText(), intent, operators);
  if (!result.ok) return result;
  if (!result.replacement) return { ok: true, changed: false, created: result.created };
  const { start, end, text } = result.replacement;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(start), document.positionAt(end)), text);
  if (!(await vscode.workspace.applyEdit(edit))) {
    return { ok: false, reason: `VS Code refused the edit to ${vscode.workspace.asRelativePath(document.uri)} (is the file read-only?).` };
  }
  return { ok: true, changed: true, created: result.created };
}
