import { formatPath, type Diagnostic, type Severity } from '../base/diagnostic';
import type { ParsedSource } from './parse-source';

/**
 * A manifest diagnostic. `suggestion`, when present, is the corrected text for the span in
 * `range` (a value or a key); editors offer it as a quick fix.
 */
export interface ManifestDiagnostic extends Diagnostic {
  suggestion?: string;
}

/** One file that contributed to a manifest: the file itself, or a parent reached by `extends`. */
export interface ManifestLayer {
  file: string;
  source: ParsedSource;
  /** Where a path of the (translated) data is written in this file's text. */
  toSourcePath(path: ReadonlyArray<string | number>): Array<string | number>;
}

/** What a rule reports; the sink adds the file and position. */
export interface Finding {
  severity: Severity;
  code: string;
  message: string;
  path: ReadonlyArray<string | number>;
  fix?: string;
  suggestion?: string;
  /** Point at the key rather than the value (unknown or misspelt field names). */
  atKey?: boolean;
  /** Look the path up in this layer only (a problem with one file of an `extends` chain). */
  layer?: number;
}

/**
 * Turns findings into positioned diagnostics. A path is looked up in the file that says it:
 * the manifest first, then each parent; a path no file has (a missing field) points at its
 * nearest existing ancestor in the manifest itself.
 */
export class DiagnosticSink {
  readonly diagnostics: ManifestDiagnostic[] = [];

  constructor(private readonly layers: readonly ManifestLayer[]) {}

  add(finding: Finding): void {
    const { path, atKey, layer, ...rest } = finding;
    this.diagnostics.push({ ...rest, path: formatPath(path), source: 'manifest', ...this.position(path, atKey ?? false, layer) });
  }

  /** A diagnostic at a known line and column of a given file (syntax errors). */
  addAt(d: Omit<ManifestDiagnostic, 'source'>): void {
    this.diagnostics.push({ ...d, source: 'manifest' });
  }

  private position(path: ReadonlyArray<string | number>, atKey: boolean, only?: number): Partial<ManifestDiagnostic> {
    const layers = only === undefined ? this.layers : this.layers.slice(only, only + 1);
    const first = layers[0];
    if (!first) return {};
    for (const layer of layers) {
      const found = layer.source.locate(layer.toSourcePath(path));
      if (found.exact) return place(layer.file, atKey && found.key ? found.key : found.value);
    }
    const fallback = first.source.locate(first.toSourcePath(path));
    // A missing field: point at the name of the table that should hold it.
    const at = fallback.key ?? fallback.value;
    return place(first.file, { ...at, endLine: at.line, endColumn: at.column });
  }
}

function place(file: string, span: { line: number; column: number; endLine: number; endColumn: number }): Partial<ManifestDiagnostic> {
  return {
    file,
    line: span.line,
    column: span.column,
    range: { start: { line: span.line, column: span.column }, end: { line: span.endLine, column: span.endColumn } },
  };
}
