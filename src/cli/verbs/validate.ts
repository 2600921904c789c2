import fs from 'node:fs/promises';
import path from 'node:path';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../../core/base/diagnostic';
import { findManifestFile, MANIFEST_FILE_NAMES, parseManifestText, type EffectiveManifest } from '../../core/manifest';
import { type CliContext, ExitCode, UsageError, type Verb } from '../cli-context';
import { flag, parseArgs } from '../parse-args';
import { validateWorkflowFile, workflowKindOf } from './validate-workflows';

/** One file's verdict, as `--json` prints it (see the fixtures README). */
export interface ValidatedFile {
  file: string;
  kind: 'manifest' | 'melody' | 'n8n' | 'conductor';
  valid: boolean;
  /** The effective manifest (extends merged, legacy translated); null when invalid. */
  manifest?: EffectiveManifest | null;
  /** ide or aide, for manifests. */
  manifestKind?: 'ide' | 'aide';
  /** toml, json or yaml, for manifests. */
  format?: string;
  diagnostics: Diagnostic[];
}

/** `symphony validate --json` output. */
export interface ValidateReport {
  ok: boolean;
  files: ValidatedFile[];
}

function missing(file: string, message: string, fix: string): ValidatedFile {
  return { file, kind: 'manifest', valid: false, manifest: null, diagnostics: [{ severity: 'error', code: 'FileNotFound', file, message, fix, source: 'manifest' }] };
}

/** Validates one path: a manifest, a melody, or a folder holding a manifest. Never throws. */
export async function validatePath(target: string, cwd = process.cwd()): Promise<ValidatedFile> {
  let file = path.resolve(target);
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    return missing(file, `${file} does not exist`, 'check the path');
  }
  if (stat.isDirectory()) {
    const found = await findManifestFile(file);
    if (!found) return missing(file, `no manifest in folder ${file}`, `add one of ${MANIFEST_FILE_NAMES.join(', ')}, or name the file to validate`);
    file = found;
  }
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    return missing(file, `${file} cannot be read: ${(e as Error).message}`, 'check the file permissions');
  }
  const workflow = workflowKindOf(file, text);
  if (workflow) {
    try {
      const diagnostics = await validateWorkflowFile(file, text, workflow, cwd);
      return { file, kind: workflow, valid: !hasErrors(diagnostics), diagnostics };
    } catch (e) {
      // The validators promise not to throw; if one does, report it instead of crashing the run.
      const message = `the ${workflow} validator failed: ${(e as Error).message}`;
      return { file, kind: workflow, valid: false, diagnostics: [{ severity: 'error', code: 'InternalError', file, message, source: workflow }] };
    }
  }
  const result = parseManifestText(text, file);
  return {
    file,
    kind: 'manifest',
    valid: result.valid,
    manifest: result.manifest ?? null,
    ...(result.kind ? { manifestKind: result.kind } : {}),
    format: result.format,
    diagnostics: result.diagnostics,
  };
}

/** Runs the verb's logic and returns the report (the in-process entry point tests use). */
export async function validatePaths(targets: readonly string[], cwd: string): Promise<ValidateReport> {
  const files: ValidatedFile[] = [];
  for (const t of targets) files.push(await validatePath(path.resolve(cwd, t), cwd));
  return { ok: files.every((f) => f.valid), files };
}

function describe(f: ValidatedFile): string {
  const m = f.manifest;
  const what = m ? `${m.kind} ${m.type ?? 'extension'} ${m.id} ${m.version}` : f.kind;
  const errors = f.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = f.diagnostics.length - errors;
  const counts = [errors && `${errors} error${errors > 1 ? 's' : ''}`, warnings && `${warnings} note${warnings > 1 ? 's' : ''}`].filter(Boolean).join(', ');
  return `${f.valid ? 'ok     ' : 'invalid'} ${f.file} (${what})${counts ? ` — ${counts}` : ''}`;
}

export const validate: Verb = {
  summary: 'check manifests and melodies; every problem with file:line:column and a fix',
  usage: 'symphony validate PATH... [--json]',
  async run(ctx: CliContext): Promise<number> {
    const args = parseArgs(ctx.args, ['json'], []);
    if (args.positional.length === 0) throw new UsageError('name at least one manifest, melody or folder to validate');
    const report = await validatePaths(args.positional, ctx.cwd);
    if (flag(args, 'json')) {
      ctx.stdout(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      for (const f of report.files) {
        ctx.stdout(`${describe(f)}\n`);
        for (const d of f.diagnostics) ctx.stdout(`  ${formatDiagnostic(d)}\n`);
      }
    }
    return report.ok ? ExitCode.ok : ExitCode.failed;
  },
};
