import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/base/diagnostic';
import { validateMelodyText } from '../../core/melody';
import type { OperatorRegistry } from '../../core/operators/operator-registry';
import { toRange } from '../manifest/manifest-diagnostics';

const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information } as const;

/** Symphony diagnostics as VS Code shows them, with the fix appended to the message. */
export function toVscodeDiagnostic(d: Diagnostic, document?: vscode.TextDocument): vscode.Diagnostic {
  const out = new vscode.Diagnostic(toRange(d, document), d.fix ? `${d.message} — ${d.fix}` : d.message, SEVERITY[d.severity]);
  out.source = 'symphony';
  out.code = d.code;
  return out;
}

/**
 * Melody problems in the Problems panel (cycles, unknown operators, bad expressions…), checked when
 * a melody opens, changes (debounced) or is saved — whether it is shown on the board or as text.
 */
export function registerMelodyDiagnostics(registry: () => OperatorRegistry): vscode.Disposable & { check(document: vscode.TextDocument): readonly vscode.Diagnostic[] } {
  const collection = vscode.languages.createDiagnosticCollection('symphony-melody');
  const timers = new Map<string, NodeJS.Timeout>();
  const isMelody = (doc: vscode.TextDocument) => doc.uri.path.endsWith('.melody');
  const check = (doc: vscode.TextDocument): readonly vscode.Diagnostic[] => {
    const { diagnostics } = validateMelodyText(doc.getText(), { file: doc.uri.fsPath, registry: registry() });
    const shown = diagnostics.map((d) => toVscodeDiagnostic(d, doc));
    collection.set(doc.uri, shown);
    return shown;
  };
  const later = (doc: vscode.TextDocument) => {
    if (!isMelody(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => (timers.delete(key), check(doc)), 300));
  };
  const subs = [
    vscode.workspace.onDidOpenTextDocument((d) => isMelody(d) && check(d)),
    vscode.workspace.onDidSaveTextDocument((d) => isMelody(d) && check(d)),
    vscode.workspace.onDidChangeTextDocument((e) => later(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => isMelody(d) && collection.delete(d.uri)),
  ];
  for (const doc of vscode.workspace.textDocuments) if (isMelody(doc)) check(doc);
  return {
    check,
    dispose: () => {
      timers.forEach((t) => clearTimeout(t));
      subs.forEach((s) => s.dispose());
      collection.dispose();
    },
  };
}
