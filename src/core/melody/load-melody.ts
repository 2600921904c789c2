import { promises as fs } from 'node:fs';
import type { Diagnostic } from '../base/diagnostic';
import { JsonPositions } from './json-positions';
import { type Melody } from './melody-schema';
import { migrate } from './migrate-melody';

/** How a melody file was laid out, so saving it changes only what was edited. */
export interface JsonStyle {
  indent: string | number;
  eol: '\n' | '\r\n';
  finalNewline: boolean;
}

/** A melody read from text: the original object (unknown fields and key order intact). */
export interface LoadedMelody {
  /**
   * The parsed document itself, not a copy: edits apply to it and saveMelody writes it back, so
   * fields this version does not know survive. Absent when the text is not JSON.
   */
  doc?: Melody;
  /** Formats the document was migrated through (empty when it was current). */
  migratedFrom: string[];
  positions: JsonPositions;
  style: JsonStyle;
  diagnostics: Diagnostic[];
}

/** Parses melody text; syntax and format problems come back as diagnostics with line and column. */
export function parseMelodyText(text: string, file?: string): LoadedMelody {
  const positions = new JsonPositions(text);
  const style = detectStyle(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const err = positions.syntaxError();
    const at = positions.positionAt(err?.offset ?? 0);
    return {
      migratedFrom: [],
      positions,
      style,
      diagnostics: [{
        severity: 'error',
        code: 'InvalidJson',
        message: `not valid JSON: ${err?.message ?? (e as Error).message}`,
        file,
        line: at.line,
        column: at.column,
        fix: 'fix the JSON syntax at this position',
        source: 'melody',
      }],
    };
  }
  const migrated = migrate(parsed);
  const diagnostics = migrated.diagnostics.map((d) => withPosition(d, positions, file));
  return { doc: migrated.doc as Melody | undefined, migratedFrom: migrated.steps, positions, style, diagnostics };
}

/** Reads and parses a melody file; a missing file is a diagnostic, not an exception. */
export async function loadMelodyFile(file: string): Promise<LoadedMelody> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    return {
      migratedFrom: [],
      positions: new JsonPositions(''),
      style: { indent: 2, eol: '\n', finalNewline: true },
      diagnostics: [{ severity: 'error', code: 'FileNotReadable', message: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file, fix: 'check the path', source: 'melody' }],
    };
  }
  return parseMelodyText(text, file);
}

/** Serializes a melody in the layout it was read with (indentation, line endings, final newline). */
export function serializeMelody(doc: Melody, style: JsonStyle = { indent: 2, eol: '\n', finalNewline: true }): string {
  let text = JSON.stringify(doc, null, style.indent);
  if (style.eol === '\r\n') text = text.replace(/\n/g, '\r\n');
  return style.finalNewline ? text + style.eol : text;
}

/** Writes a melody atomically (temporary file, then rename) so a crash never leaves half a file. */
export async function saveMelodyFile(file: string, doc: Melody, style?: JsonStyle): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(tmp, serializeMelody(doc, style), 'utf8');
  await fs.rename(tmp, file);
}

/** Adds file, line and column to a diagnostic that has a path. */
export function withPosition(d: Diagnostic, positions: JsonPositions, file?: string): Diagnostic {
  if (d.line !== undefined) return file && !d.file ? { ...d, file } : d;
  const at = positions.positionOf(d.path ?? '');
  return { ...d, file: d.file ?? file, line: at.line, column: at.column };
}

function detectStyle(text: string): JsonStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indentMatch = /^[{[][ \t]*\r?\n([ \t]+)\S/.exec(text);
  let indent: string | number = 2;
  if (indentMatch) indent = /^ +$/.test(indentMatch[1]!) ? indentMatch[1]!.length : indentMatch[1]!;
  else if (text.length > 0 && !/\n/.test(text.trim())) indent = 0;
  return { indent, eol, finalNewline: /\r?\n$/.test(text) };
}
