import path from 'node:path';
import { hasErrors, type Diagnostic } from '../../core/base/diagnostic';
import { createDefaultRegistry, parseConductorConfig } from '../../core/conductor/index';
import { openHeadlessExtensions } from '../../core/extensions/headless-extensions';
import { JsonPositions, parseMelodyText, validateMelody, withPosition, type Melody } from '../../core/melody/index';
import { importN8nWorkflow, looksLikeN8nWorkflow, registerOpaqueN8nOperators } from '../../core/n8n/index';

/** What a JSON file other than a manifest is, by name first and content second. */
export type WorkflowFileKind = 'melody' | 'n8n' | 'conductor';

/** Melody by name or `"format": "melody/N"`; n8n by shape; conductor.json by its path. */
export function workflowKindOf(file: string, text: string): WorkflowFileKind | undefined {
  if (file.endsWith('.melody')) return 'melody';
  if (path.basename(file) === 'conductor.json' && path.basename(path.dirname(file)) === '.symphony') return 'conductor';
  if (!/^\s*[{[]/.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const format = (parsed as { format?: unknown } | null)?.format;
  if (typeof format === 'string' && format.startsWith('melody/')) return 'melody';
  if (looksLikeN8nWorkflow(parsed)) return 'n8n';
  return undefined;
}

/**
 * Validates a melody (or an n8n workflow, as it would import) against every operator the run
 * would have: built-ins, and the sub-extensions of the melody's workspace (`.symphony/extensions`
 * beside it or in the working folder).
 */
export async function validateWorkflowFile(file: string, text: string, kind: WorkflowFileKind, cwd: string): Promise<Diagnostic[]> {
  if (kind === 'conductor') {
    const positions = new JsonPositions(text);
    const syntax = positions.syntaxError();
    if (syntax) {
      const at = positions.positionAt(syntax.offset);
      return [{ severity: 'error', code: 'JsonSyntaxError', message: syntax.message, file, line: at.line, column: at.column, source: 'conductor' }];
    }
    return parseConductorConfig(JSON.parse(text), file, positions).diagnostics;
  }
  let melody: Melody | undefined;
  let diagnostics: Diagnostic[];
  let positions: JsonPositions | undefined;
  if (kind === 'n8n') {
    const imported = importN8nWorkflow(JSON.parse(text), { file });
    melody = imported.melody;
    diagnostics = imported.diagnostics;
  } else {
    const loaded = parseMelodyText(text, file);
    melody = loaded.doc;
    positions = loaded.positions;
    diagnostics = loaded.diagnostics.map((d) => withPosition(d, loaded.positions, file));
  }
  if (!melody || hasErrors(diagnostics)) return diagnostics;
  const registry = createDefaultRegistry();
  registerOpaqueN8nOperators(registry, melody);
  const roots = [...new Set([path.dirname(file), cwd])].map((dir) => ({ dir: path.join(dir, '.symphony', 'extensions'), source: 'dir' as const }));
  const extensions = await openHeadlessExtensions(roots, registry, { workspaceRoot: cwd });
  try {
    const found = validateMelody(melody, registry, { orphans: kind === 'n8n' ? 'off' : 'warning' }).map((d) => (positions ? withPosition(d, positions, file) : { ...d, file: d.file ?? file }));
    return [...diagnostics, ...found];
  } finally {
    await extensions.dispose();
  }
}
