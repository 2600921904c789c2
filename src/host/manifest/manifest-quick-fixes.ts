import * as vscode from 'vscode';
import type { ManifestDiagnostic } from '../../core/manifest';

/** The manifest diagnostics last shown for each file (by URI string), with their suggestions. */
export type FixIndex = Map<string, ManifestDiagnostic[]>;

/** Codes whose suggestion replaces a value's whole token, quotes included (e.g. `"yes"` → `true`). */
const REPLACES_TOKEN = new Set(['InvalidType']);

/**
 * Offers each suggested correction of a manifest diagnostic as a quick fix that rewrites the
 * offending value or key in place, keeping the author's quote style.
 */
export class ManifestQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly index: FixIndex) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const known = this.index.get(document.uri.toString());
    if (!known) return [];
    const actions: vscode.CodeAction[] = [];
    for (const shown of context.diagnostics) {
      if (shown.source !== 'symphony') continue;
      const d = known.find((k) => k.suggestion !== undefined && k.code === shown.code && k.line === shown.range.start.line + 1 && k.column === shown.range.start.character + 1);
      if (!d?.suggestion) continue;
      const current = document.getText(shown.range);
      const replacement = replacementFor(current, d);
      if (replacement === current) continue;
      const action = new vscode.CodeAction(`Change to ${replacement}`, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [shown];
      action.isPreferred = true;
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, shown.range, replacement);
      actions.push(action);
    }
    return actions;
  }
}

/** The text that replaces `current`: the suggestion, wrapped in the same quotes when it was quoted. */
export function replacementFor(current: string, d: Pick<ManifestDiagnostic, 'code' | 'suggestion'>): string {
  const suggestion = d.suggestion ?? current;
  if (REPLACES_TOKEN.has(d.code)) return suggestion;
  const quote = current[0];
  if ((quote === '"' || quote === "'") && current.endsWith(quote) && current.length >= 2) {
    return quote === '"' ? JSON.stringify(suggestion) : `'${suggestion}'`;
  }
  return suggestion;
}
