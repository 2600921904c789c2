import type { Diagnostic } from '../base/diagnostic';
import { createDefaultRegistry } from '../conductor/default-registry';
import { registerOpaqueN8nOperators } from '../n8n/opaque-operator';
import type { OperatorRegistry } from '../operators/operator-registry';
import { type LoadedMelody, loadMelodyFile, parseMelodyText, withPosition } from './load-melody';
import { validateMelody, type ValidateMelodyOptions } from './validate-melody';

/** Options of validateMelodyFile and validateMelodyText. */
export type ValidateFileOptions = { registry?: OperatorRegistry } & ValidateMelodyOptions;

/**
 * Reads and validates a `*.melody` file (used by `symphony validate` and the editor). Every
 * diagnostic carries the file, line and column of the field it is about. Never throws.
 */
export async function validateMelodyFile(file: string, opts: ValidateFileOptions = {}): Promise<{ melody?: unknown; diagnostics: Diagnostic[] }> {
  return validateLoaded(await loadMelodyFile(file), file, opts);
}

/** Validates melody text (an open editor's document); diagnostics carry line and column. */
export function validateMelodyText(text: string, opts: ValidateFileOptions & { file?: string } = {}): { melody?: unknown; diagnostics: Diagnostic[] } {
  return validateLoaded(parseMelodyText(text, opts.file), opts.file, opts);
}

function validateLoaded(loaded: LoadedMelody, file: string | undefined, opts: ValidateFileOptions): { melody?: unknown; diagnostics: Diagnostic[] } {
  if (!loaded.doc) return { diagnostics: loaded.diagnostics };
  let registry = opts.registry;
  if (!registry) {
    registry = createDefaultRegistry();
    // Imported n8n nodes Symphony cannot run are valid melody nodes (they fail only when run).
    const nodes = Array.isArray(loaded.doc.nodes) ? loaded.doc.nodes.filter((n) => typeof n?.operator === 'string') : [];
    registerOpaqueN8nOperators(registry, { ...loaded.doc, nodes });
  }
  const found = validateMelody(loaded.doc, registry, opts);
  return {
    melody: loaded.doc,
    diagnostics: [...loaded.diagnostics, ...found.map((d) => withPosition(d, loaded.positions, file))],
  };
}
