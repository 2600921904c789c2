import type { Diagnostic } from '../base/diagnostic';
import { MELODY_FORMAT } from './melody-schema';

/** Turns a document of one format into the next format; it may change the object in place. */
export type MelodyMigration = (doc: Record<string, unknown>) => Record<string, unknown>;

/** The outcome of migrate(): the document in the current format, if it could be brought there. */
export interface MigrationResult {
  doc?: Record<string, unknown>;
  /** The formats the document went through, oldest first (empty when it was current already). */
  steps: string[];
  diagnostics: Diagnostic[];
}

/**
 * Known melody formats and how to step from each to the next. `melody/1` is current; a future
 * `melody/2` registers `melody/1 → melody/2` here and moves `current`.
 */
export class MigrationRegistry {
  private readonly steps = new Map<string, { to: string; run: MelodyMigration }>();

  constructor(readonly current: string = MELODY_FORMAT) {}

  register(from: string, to: string, run: MelodyMigration): void {
    if (this.steps.has(from)) throw new Error(`a migration from "${from}" is already registered`);
    this.steps.set(from, { to, run });
  }

  /** Every format this registry can read. */
  formats(): string[] {
    return [...new Set([this.current, ...this.steps.keys()])];
  }

  migrate(input: unknown): MigrationResult {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return { steps: [], diagnostics: [problem('InvalidMelody', 'a melody file must hold a JSON object', '', 'start the file with {"format": "melody/1", …}')] };
    }
    let doc = input as Record<string, unknown>;
    const steps: string[] = [];
    const seen = new Set<string>();
    for (;;) {
      const format = doc.format;
      if (format === this.current) return { doc, steps, diagnostics: [] };
      if (typeof format !== 'string') {
        return { steps, diagnostics: [problem('UnsupportedFormat', `"format" is missing; expected "${this.current}"`, 'format', `add "format": "${this.current}"`)] };
      }
      const step = this.steps.get(format);
      if (!step || seen.has(format)) {
        const newer = /^melody\/(\d+)$/.exec(format);
        const fix = newer && Number(newer[1]) > Number(/\d+$/.exec(this.current)?.[0] ?? 0)
          ? 'this file was written by a newer Symphony; update the extension'
          : `use one of: ${this.formats().join(', ')}`;
        return { steps, diagnostics: [problem('UnsupportedFormat', `format "${format}" is not a melody format this version reads`, 'format', fix)] };
      }
      seen.add(format);
      steps.push(format);
      doc = step.run(doc);
      doc.format ??= step.to;
    }
  }
}

function problem(code: string, message: string, path: string, fix: string): Diagnostic {
  return { severity: 'error', code, message, path, fix, source: 'melody' };
}

/** The registry of the formats this version of Symphony reads. */
export const melodyMigrations = new MigrationRegistry();

/** Brings a parsed melody document to the current format (see MigrationRegistry.migrate). */
export function migrate(doc: unknown): MigrationResult {
  return melodyMigrations.migrate(doc);
}
