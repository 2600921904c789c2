import fs from 'node:fs/promises';
import path from 'node:path';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../../core/base/diagnostic';
import { loadMelodyFile } from '../../core/melody/load-melody';
import { exportN8nWorkflow } from '../../core/n8n/index';
import { type CliContext, ExitCode, UsageError, type Verb } from '../cli-context';
import { flag, parseArgs, value } from '../parse-args';

/** `symphony export n8n --json` output. */
export interface ExportReport {
  ok: boolean;
  file: string;
  output?: string;
  diagnostics: Diagnostic[];
}

/** Exports a melody file as n8n workflow JSON; the in-process entry point tests use. */
export async function exportN8nFile(file: string, output: string): Promise<ExportReport> {
  const loaded = await loadMelodyFile(file);
  if (!loaded.doc || hasErrors(loaded.diagnostics)) return { ok: false, file, diagnostics: loaded.diagnostics };
  const { workflow, diagnostics } = exportN8nWorkflow(loaded.doc, { file });
  await fs.mkdir(path.dirname(output), { recursive: true });
  await fs.writeFile(output, `${JSON.stringify(workflow, null, 2)}\n`);
  return { ok: true, file, output, diagnostics: [...loaded.diagnostics, ...diagnostics] };
}

export const exportVerb: Verb = {
  summary: 'convert a melody into n8n workflow JSON',
  usage: 'symphony export n8n FILE.melody [-o OUT.json] [--json]',
  async run(ctx: CliContext): Promise<number> {
    const args = parseArgs(ctx.args, ['json'], ['o', 'output']);
    const [kind, file, ...extra] = args.positional;
    if (kind !== 'n8n') throw new UsageError(kind ? `cannot export to "${kind}"; the only target is n8n` : 'say what to export to: symphony export n8n FILE');
    if (!file) throw new UsageError('name the melody file to export');
    if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}`);
    const input = path.resolve(ctx.cwd, file);
    const out = value(args, 'o') ?? value(args, 'output');
    const output = path.resolve(ctx.cwd, out ?? input.replace(/\.melody$/i, '') + '.n8n.json');
    const report = await exportN8nFile(input, output);
    if (flag(args, 'json')) {
      ctx.stdout(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      for (const d of report.diagnostics) (d.severity === 'error' ? ctx.stderr : ctx.stdout)(`${formatDiagnostic(d)}\n`);
      if (report.ok) ctx.stdout(`exported → ${report.output}\n`);
    }
    return report.ok ? ExitCode.ok : ExitCode.failed;
  },
};
