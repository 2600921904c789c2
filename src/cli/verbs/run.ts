import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type Diagnostic, formatDiagnostic, hasErrors } from '../../core/base/diagnostic';
import { Conductor, createDefaultRegistry, loadConductorConfig, modelRouteFor, type RunResult, toRunJson } from '../../core/conductor/index';
import { type JsonPositions, type Melody, parseMelodyText, validateMelody, withPosition } from '../../core/melody/index';
import { importN8nWorkflow, looksLikeN8nWorkflow, registerOpaqueN8nOperators } from '../../core/n8n/index';
import { type JsonObject, OperatorError, type OperatorServices } from '../../core/operators/operator';
import { type CliContext, ExitCode, UsageError, type Verb } from '../cli-context';
import { flag, parseArgs, value, values } from '../parse-args';
import { openHeadlessExtensions } from '../../core/extensions/headless-extensions';
import type { ExtensionHost } from '../../core/extensions/extension-host';
import { withInstruments } from '../../core/operators/ai/instrument-models';
import type { ModelRoute } from '../../core/operators/ai/model-provider';

/** A melody ready to run, or the diagnostics that stop it. */
async function loadRunnable(file: string): Promise<{ melody?: Melody; diagnostics: Diagnostic[]; fromN8n: boolean; positions?: JsonPositions }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { fromN8n: false, diagnostics: [{ severity: 'error', code: 'FileNotFound', message: `cannot read ${file}${code ? ` (${code})` : ''}`, file, fix: 'check the path', source: 'melody' }] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { fromN8n: false, diagnostics: parseMelodyText(text, file).diagnostics };
  }
  if (looksLikeN8nWorkflow(parsed)) {
    const imported = importN8nWorkflow(parsed, { file });
    return { melody: imported.melody, diagnostics: imported.diagnostics, fromN8n: true };
  }
  const loaded = parseMelodyText(text, file);
  const positioned = (d: Diagnostic) => withPosition(d, loaded.positions, file);
  return { melody: loaded.doc, diagnostics: loaded.diagnostics.map(positioned), fromN8n: false, positions: loaded.positions };
}

/** `--input` is a JSON object (one item), an array of objects, or `@file.json`. */
async function readInput(raw: string | undefined, cwd: string): Promise<JsonObject[] | undefined> {
  if (raw === undefined) return undefined;
  let text = raw;
  if (raw.startsWith('@')) {
    try {
      text = await fs.readFile(path.resolve(cwd, raw.slice(1)), 'utf8');
    } catch (e) {
      throw new UsageError(`--input ${raw}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--input must be JSON (an object or an array of objects): ${(e as Error).message}`);
  }
  const list = Array.isArray(data) ? data : [data];
  if (!list.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x))) {
    throw new UsageError('--input must be a JSON object or an array of JSON objects, e.g. --input \'{"name": "x"}\'');
  }
  return list as JsonObject[];
}

/**
 * What operators get from the command line: environment variables, secrets from SYMPHONY_SECRET_*,
 * model routing, and the models of instrument sub-extensions.
 */
function cliServices(routeFor: (operatorId: string) => ModelRoute | undefined, instruments: ExtensionHost): OperatorServices {
  return {
    env: process.env,
    getSecret: async (name: string) => process.env[`SYMPHONY_SECRET_${name.toUpperCase().replace(/\W/g, '_')}`],
    ai: withInstruments(instruments, { routeFor }),
  };
}

function summary(result: RunResult): string {
  const lines: string[] = [];
  const counts = new Map<string, number>();
  for (const node of Object.values(result.nodes)) counts.set(node.state, (counts.get(node.state) ?? 0) + 1);
  const tally = [...counts].map(([state, n]) => `${n} ${state.toLowerCase()}`).join(', ');
  lines.push(`${result.melody} — ${result.status} in ${Math.round(result.durationMs)} ms${tally ? ` (${tally})` : ''}`);
  const width = Math.min(32, Math.max(4, ...Object.keys(result.nodes).map((id) => id.length)));
  for (const [id, node] of Object.entries(result.nodes)) {
    const name = id.padEnd(width);
    if (node.state === 'Completed') {
      const items = (node.outputs ?? []).map((p) => p.length);
      const itemText = items.length > 1 ? `items ${items.join(' | ')}` : `${items[0] ?? 0} item${items[0] === 1 ? '' : 's'}`;
      const extra = [node.reused ? 'reused' : '', node.error ? `recovered from ${node.error.code}` : '', node.attempts && node.attempts > 1 ? `${node.attempts} attempts` : ''].filter(Boolean).join(', ');
      lines.push(`  ✓ ${name} ${itemText}${node.durationMs !== undefined ? `, ${node.durationMs.toFixed(1)} ms` : ''}${extra ? ` (${extra})` : ''}`);
    } else if (node.state === 'Skipped') {
      lines.push(`  - ${name} skipped: ${node.reason ?? ''}`);
    } else {
      lines.push(`  ✗ ${name} ${node.state.toLowerCase()}: ${node.error ? `${node.error.code}: ${node.error.message}` : ''}`);
    }
  }
  if (result.error && result.status !== 'Completed') lines.push(`${result.status.toLowerCase()}: ${result.error.code}: ${result.error.message}`);
  if (result.historyFile) lines.push(`run recorded in ${result.historyFile}`);
  return lines.join('\n') + '\n';
}

export const run: Verb = {
  summary: 'run a melody (or an n8n workflow JSON) headless and print each node\'s result',
  usage: 'symphony run FILE [--input JSON|@file.json] [--dir DIR]... [--json]',
  async run(ctx: CliContext): Promise<number> {
    const args = parseArgs(ctx.args, ['json'], ['input', 'dir']);
    if (args.positional.length !== 1) throw new UsageError(args.positional.length ? 'name exactly one melody or n8n workflow file' : 'name the melody (or n8n workflow) file to run');
    const asJson = flag(args, 'json');
    const input = await readInput(value(args, 'input'), ctx.cwd);
    const file = path.resolve(ctx.cwd, args.positional[0]!);
    const report = (diagnostics: Diagnostic[]): number => {
      if (asJson) ctx.stdout(`${JSON.stringify({ status: 'Failed', nodes: {}, diagnostics }, null, 2)}\n`);
      else for (const d of diagnostics) ctx.stderr(`${formatDiagnostic(d)}\n`);
      return ExitCode.failed;
    };

    const loaded = await loadRunnable(file);
    if (!loaded.melody || hasErrors(loaded.diagnostics)) return report(loaded.diagnostics);
    const registry = createDefaultRegistry();
    // Sub-extension operators: the --dir folders, and the workspace's own .symphony/extensions as in the editor.
    const dirs = [path.join(ctx.cwd, '.symphony', 'extensions'), ...values(args, 'dir').map((d) => path.resolve(ctx.cwd, d))];
    const extensions = await openHeadlessExtensions(dirs.map((dir) => ({ dir, source: 'dir' as const })), registry, {
      workspaceRoot: ctx.cwd,
      log: (line) => (asJson ? undefined : ctx.stderr(`${line}\n`)),
    });
    // A strict extension's sandbox starts while the melody's first nodes run.
    extensions.prewarmFor(loaded.melody.nodes.map((n) => n.operator));
    try {
      return await runLoaded(ctx, { melody: loaded.melody, loaded, file, input, asJson, registry, instruments: extensions.host, report });
    } finally {
      await extensions.dispose();
    }
  },
};

interface RunJob {
  melody: Melody;
  loaded: Awaited<ReturnType<typeof loadRunnable>>;
  file: string;
  input: JsonObject[] | undefined;
  asJson: boolean;
  registry: ReturnType<typeof createDefaultRegistry>;
  /** The sub-extensions the run loaded; their instruments answer ai.* nodes. */
  instruments: ExtensionHost;
  report(diagnostics: Diagnostic[]): number;
}

/** Validates against the full registry, runs, and prints the run. */
async function runLoaded(ctx: CliContext, job: RunJob): Promise<number> {
  const { melody, loaded, file, input, asJson, registry, instruments, report } = job;
  const { config, diagnostics: configDiagnostics } = await loadConductorConfig(ctx.cwd);
  registerOpaqueN8nOperators(registry, melody);
  const found = validateMelody(melody, registry, { orphans: loaded.fromN8n ? 'off' : 'warning' })
    .map((d) => (loaded.positions ? withPosition(d, loaded.positions, file) : { ...d, file: d.file ?? file }));
  const diagnostics = [...loaded.diagnostics, ...configDiagnostics, ...found];
  if (hasErrors(found)) return report(diagnostics);
  if (!asJson) for (const d of diagnostics) ctx.stderr(`${formatDiagnostic(d)}\n`);

  const conductor = new Conductor({
    registry,
    config,
    workspaceRoot: ctx.cwd,
    services: cliServices((id) => modelRouteFor(config, id), instruments),
    env: process.env,
  });
  const controller = new AbortController();
  const onInterrupt = () => controller.abort('interrupted (Ctrl+C)');
  process.once('SIGINT', onInterrupt);
  let result: RunResult;
  try {
    result = await conductor.run(melody, {
      input,
      signal: controller.signal,
      file: path.relative(ctx.cwd, file) || file,
      answerInput: async (request) => {
        throw new OperatorError('NoInput', `node "${request.nodeId}" asks "${request.prompt}", and a headless run has no one to answer; give the value as a parameter or run the melody in the editor`);
      },
    });
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
  result.diagnostics = [...diagnostics, ...result.diagnostics];
  if (asJson) ctx.stdout(`${JSON.stringify(toRunJson(result), null, 2)}\n`);
  else ctx.stdout(summary(result));
  return result.status === 'Completed' ? ExitCode.ok : ExitCode.failed;
}
