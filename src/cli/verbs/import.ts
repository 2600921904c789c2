import fs from 'node:fs/promises';
import path from 'node:path';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../../core/base/diagnostic';
import { JsonPositions } from '../../core/melody/json-positions';
import { serializeMelody } from '../../core/melody/load-melody';
import { importN8nWorkflow } from '../../core/n8n/index';
import { OPAQUE_PREFIX } from '../../core/n8n/node-map';
import { type CliContext, ExitCode, UsageError, type Verb } from '../cli-context';
import { flag, parseArgs, value } from '../parse-args';

/** `symphony import n8n --json` output. */
export interface ImportReport {
  ok: boolean;
  file: string;
  output?: string;
  /** Melody node id (the n8n name) → operator id. */
  nodes?: Record<string, string>;
  diagnostics: Diagnostic[];
}

/** Reads JSON text, giving a syntax error with line and column as a diagnostic. */
export function parseJsonFile(text: string, file: string, source: string): { value?: unknown; diagnostics: Diagnostic[] } {
  try {
    return { value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text), diagnostics: [] };
  } catch (e) {
    const positions = new JsonPositions(text);
    const err = positions.syntaxError();
    const at = positions.positionAt(err?.offset ?? 0);
    return { diagnostics: [{ severity: 'error', code: 'InvalidJson', message: `not valid JSON: ${err?.message ?? (e as Error).message}`, file, line: at.line, column: at.column, fix: 'fix the JSON syntax at this position', source }] };
  }
}

/** Imports an n8n workflow file into a melody file; the in-process entry point tests use. */
export async function importN8nFile(file: string, output: string): Promise<ImportReport> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    return { ok: false, file, diagnostics: [{ severity: 'error', code: 'FileNotFound', message: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file, fix: 'check the path', source: 'n8n' }] };
  }
  const parsed = parseJsonFile(text, file, 'n8n');
  if (parsed.value === undefined) return { ok: false, file, diagnostics: parsed.diagnostics };
  const { melody, diagnostics } = importN8nWorkflow(parsed.value, { file, name: path.basename(file).replace(/(\.workflow)?\.json$/i, '') });
  if (!melody || hasErrors(diagnostics)) return { ok: false, file, diagnostics };
  await fs.mkdir(path.dirname(output), { recursive: true });
  await fs.writeFile(output, serializeMelody(melody));
  return { ok: true, file, output, nodes: Object.fromEntries(melody.nodes.map((n) => [n.id, n.operator])), diagnostics };
}

export const importVerb: Verb = {
  summary: 'convert an n8n workflow JSON file into a melody',
  usage: 'symphony import n8n FILE [-o OUT.melody] [--json]',
  async run(ctx: CliContext): Promise<number> {
    const args = parseArgs(ctx.args, ['json'], ['o', 'output']);
    const [kind, file, ...extra] = args.positional;
    if (kind !== 'n8n') throw new UsageError(kind ? `cannot import "${kind}"; the only source is n8n` : 'say what to import: symphony import n8n FILE');
    if (!file) throw new UsageError('name the n8n workflow JSON file to import');
    if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}`);
    const input = path.resolve(ctx.cwd, file);
    const out = value(args, 'o') ?? value(args, 'output');
    const output = path.resolve(ctx.cwd, out ?? input.replace(/(\.workflow)?\.json$/i, '') + '.melody');
    const report = await importN8nFile(input, output);
    if (flag(args, 'json')) {
      ctx.stdout(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      for (const d of report.diagnostics) (d.severity === 'error' ? ctx.stderr : ctx.stdout)(`${formatDiagnostic(d)}\n`);
      if (report.ok) {
        const ids = Object.values(report.nodes ?? {});
        const opaque = ids.filter((op) => op.startsWith(OPAQUE_PREFIX)).length;
        ctx.stdout(`imported ${ids.length} node${ids.length === 1 ? '' : 's'} (${ids.length - opaque} Symphony operator${ids.length - opaque === 1 ? '' : 's'}, ${opaque} kept as n8n node${opaque === 1 ? '' : 's'}) → ${report.output}\n`);
      }
    }
    return report.ok ? ExitCode.ok : ExitCode.failed;
  },
};
