import fs from 'node:fs';
import * as vscode from 'vscode';
import { isManifestFileName, parseManifestText, type ManifestDiagnostic } from '../../core/manifest';
import { ManifestQuickFixes, type FixIndex } from './manifest-quick-fixes';

const SEVERITY: Record<ManifestDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** 1-based diagnostic span to a VS Code range; a diagnostic without a span marks its whole line. */
export function toRange(d: ManifestDiagnostic, document?: vscode.TextDocument): vscode.Range {
  const line = Math.max(0, (d.line ?? 1) - 1);
  const start = new vscode.Position(line, Math.max(0, (d.column ?? 1) - 1));
  const end = d.range?.end;
  if (end && (end.line - 1 !== start.line || end.column - 1 !== start.character)) {
    const endPosition = new vscode.Position(Math.max(0, end.line - 1), Math.max(0, end.column - 1));
    if (endPosition.isAfter(start)) return new vscode.Range(start, endPosition);
  }
  const lineEnd = document && line < document.lineCount ? document.lineAt(line).range.end : start.translate(0, 1);
  return new vscode.Range(start, lineEnd.isBefore(start) ? start : lineEnd);
}

function toVscode(d: ManifestDiagnostic, document?: vscode.TextDocument): vscode.Diagnostic {
  const message = d.fix ? `${d.message} — ${d.fix}` : d.message;
  const out = new vscode.Diagnostic(toRange(d, document), message, SEVERITY[d.severity]);
  out.source = 'symphony';
  out.code = d.code;
  if (d.code === 'DeprecatedField') out.tags = [vscode.DiagnosticTag.Deprecated];
  return out;
}

/** Text of a file: the open editor's buffer when there is one (it may be unsaved), else the disk. */
function readText(file: string): string {
  const open = vscode.workspace.textDocuments.find((doc) => doc.uri.scheme === 'file' && doc.uri.fsPath === file);
  return open ? open.getText() : fs.readFileSync(file, 'utf8');
}

/**
 * Shows manifest problems in the Problems panel: each manifest is checked when it is opened or
 * saved, and suggested corrections become quick fixes. Problems found in a parent manifest
 * (through `extends`) are shown on the parent, and cleared with the manifest that caused them.
 * `_context` is part of the signature every host registration shares; nothing here needs it yet.
 */
export function registerManifestDiagnostics(_context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('symphony-manifest');
  const fixes: FixIndex = new Map();
  /** Which files each manifest put diagnostics on, so they can be cleared together. */
  const owned = new Map<string, Set<string>>();

  const clear = (manifest: string) => {
    for (const uri of owned.get(manifest) ?? []) {
      collection.delete(vscode.Uri.parse(uri));
      fixes.delete(uri);
    }
    owned.delete(manifest);
  };

  const check = (document: vscode.TextDocument) => {
    if (document.uri.scheme !== 'file' || !isManifestFileName(document.fileName)) return;
    const key = document.uri.toString();
    try {
      const started = performance.now();
      const result = parseManifestText(document.getText(), document.uri.fsPath, { readFile: readText });
      clear(key);
      const byFile = new Map<string, ManifestDiagnostic[]>();
      for (const d of result.diagnostics) {
        const file = d.file ?? document.uri.fsPath;
        byFile.set(file, [...(byFile.get(file) ?? []), d]);
      }
      const touched = new Set<string>([key]);
      collection.set(document.uri, []);
      for (const [file, list] of byFile) {
        const uri = vscode.Uri.file(file);
        const doc = file === document.uri.fsPath ? document : undefined;
        collection.set(uri, list.map((d) => toVscode(d, doc)));
        fixes.set(uri.toString(), list);
        touched.add(uri.toString());
      }
      owned.set(key, touched);
      log.debug(`manifest ${document.uri.fsPath}: ${result.diagnostics.length} problem(s) in ${(performance.now() - started).toFixed(1)} ms`);
    } catch (e) {
      log.error(`checking manifest ${document.uri.fsPath} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  };

  const subscriptions: vscode.Disposable[] = [
    collection,
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidSaveTextDocument(check),
    vscode.workspace.onDidCloseTextDocument((doc) => clear(doc.uri.toString())),
    vscode.languages.registerCodeActionsProvider(
      [{ scheme: 'file', pattern: '**/{symphony.toml,symphony.json,symphony.yaml,symphony.yml,Symphony.toml,extension.toml}' }, { scheme: 'file', language: 'toml' }, { scheme: 'file', language: 'json' }, { scheme: 'file', language: 'yaml' }],
      new ManifestQuickFixes(fixes),
      { providedCodeActionKinds: ManifestQuickFixes.kinds },
    ),
  ];
  for (const doc of vscode.workspace.textDocuments) check(doc);

  // The caller owns the result (context.subscriptions.push(...)), like every other registration.
  return vscode.Disposable.from(...subscriptions, { dispose: () => { owned.clear(); fixes.clear(); } });
}
