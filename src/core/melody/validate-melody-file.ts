import type { Diagnostic } from '../base/diagnostic';
import { createDefaultRegistry } from '../conductor/default-registry';
import type { OperatorRegistry } from '../operators/operator-registry';
import { loadMelodyFile, withPosition } from './load-melody';
import { validateMelody, type ValidateMelodyOptions } from './validate-melody';

/**
 * Reads and validates a `*.melody` file (used by `symphony validate` and the editor). Every
 * diagnostic carries the file, line and column of the field it is about. Never throws.
 */
export async function validateMelodyFile(
  file: string,
  opts: { registry?: OperatorRegistry } & ValidateMelodyOptions = {},
): Promise<{ melody?: unknown; diagnostics: Diagnostic[] }> {
  const loaded = await loadMelodyFile(file);
  if (!loaded.doc) return { diagnostics: loaded.diagnostics };
  const registry = opts.registry ?? createDefaultRegistry();
  const found = validateMelody(loaded.doc, registry, opts);
  return {
    melody: loaded.doc,
    diagnostics: [...loaded.diagnostics, ...found.map((d) => withPosition(d, loaded.positions, file))],
  };
}
