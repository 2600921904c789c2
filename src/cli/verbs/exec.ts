import * as path from 'node:path';
import { closest, formatDiagnostic, hasErrors } from '../../core/base/diagnostic';
import { discoverExtensions, type DiscoveredExtension } from '../../core/extensions/discover-extensions';
import { defaultCodeCacheDir, defaultWorkerPath, describeExtension, SandboxError, SandboxRuntime, type SandboxErrorData } from '../../core/sandbox/index';
import { JsonLinesAuditWriter, PermissionGate } from '../../core/security/index';
import { type CliContext, ExitCode, UsageError, type Verb } from '../cli-context';
import { flag, parseArgs, value, values } from '../parse-args';

/** What `symphony exec --json` prints. */
export type ExecReport =
  | { ok: true; command: string; result: unknown }
  | { ok: false; command: string; error: SandboxErrorData; diagnostics?: string[] };

/** Seams for tests: where the worker bundle is and how children are started. */
export interface ExecOptions {
  workerPath?: string;
  executable?: string;
}

/** The extension declaring the command, else the one named by its `<extension>.` prefix (commands registered at activation). */
function findContributor(found: DiscoveredExtension[], command: string): DiscoveredExtension | undefined {
  return found.find((e) => e.manifest?.commands.some((c) => c.id === command)) ?? found.find((e) => e.manifest && command.startsWith(`${e.manifest.id}.`));
}

/** Activates the extension contributing `command` in its sandbox, runs it, and reports. */
export async function execCommand(dirs: string[], command: string, args: unknown, cwd: string, options: ExecOptions & { audit?: string; log?: (line: string) => void } = {}): Promise<ExecReport> {
  const fail = (code: SandboxErrorData['code'], message: string, diagnostics?: string[]): ExecReport => ({ ok: false, command, error: { code, message }, ...(diagnostics ? { diagnostics } : {}) });
  const found = discoverExtensions(dirs.map((dir) => ({ dir, source: 'dir' as const })));
  const owner = findContributor(found, command);
  if (!owner) {
    const broken = found.filter((e) => !e.manifest);
    const known = found.flatMap((e) => e.manifest?.commands.map((c) => c.id) ?? []);
    const guess = closest(command, known);
    const hint = guess ? `; did you mean "${guess}"?` : known.length ? `; the commands found are ${known.join(', ')}` : `; no sub-extension was found in ${dirs.join(', ')}`;
    return fail('CommandNotFound', `no sub-extension in ${dirs.join(', ')} contributes the command "${command}"${hint}`, broken.flatMap((e) => e.diagnostics.map(formatDiagnostic)));
  }
  const manifest = owner.manifest!;
  if (hasErrors(owner.diagnostics)) return fail('ActivationFailed', `${owner.file} has errors`, owner.diagnostics.map(formatDiagnostic));
  if (manifest.runtime.language !== 'js' || !manifest.runtime.entry) {
    return fail('ActivationFailed', `${owner.file}: runtime.entry must name a JavaScript file for "symphony exec" (found ${manifest.runtime.entry ?? 'none'}, language ${manifest.runtime.language})`);
  }
  // The CLI asks nobody: what the manifest declares is allowed, everything else is denied.
  const gate = new PermissionGate({ policy: 'permissive' });
  const audit = options.audit ? new JsonLinesAuditWriter(path.resolve(cwd, options.audit), gate.audit) : undefined;
  const runtime = new SandboxRuntime({
    gate,
    workspaceRoot: cwd,
    launch: { workerPath: options.workerPath ?? defaultWorkerPath(), executable: options.executable, codeCacheDir: defaultCodeCacheDir() },
  });
  runtime.onDidLog((l) => options.log?.(`[${l.extension}] ${l.level}: ${l.message}`));
  runtime.onDidReportError((e) => options.log?.(`[${e.extension}] ${e.kind}: ${e.message}`));
  try {
    const sandbox = await runtime.start(describeExtension(manifest));
    const result = await sandbox.invoke(command, args);
    return { ok: true, command, result: result ?? null };
  } catch (e) {
    return { ok: false, command, error: SandboxError.from(e).toJSON() };
  } finally {
    runtime.dispose();
    audit?.dispose();
  }
}

export const exec: Verb = {
  summary: 'run a command of a sub-extension in its sandbox, with only the permissions it declares',
  usage: 'symphony exec --dir DIR COMMAND_ID [--args JSON] [--audit FILE.jsonl] [--json]',
  run: (ctx: CliContext) => runExec(ctx),
};

/** The verb, with test seams. */
export async function runExec(ctx: CliContext, options: ExecOptions = {}): Promise<number> {
  const parsed = parseArgs(ctx.args, ['json'], ['dir', 'args', 'audit']);
  const [command, ...extra] = parsed.positional;
  if (!command) throw new UsageError('name the command to run, e.g. symphony exec --dir ./extensions word-tools.count');
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"; pass command arguments as JSON with --args`);
  const dirs = values(parsed, 'dir').map((d) => path.resolve(ctx.cwd, d));
  if (!dirs.length) throw new UsageError('--dir is required: a sub-extension folder, or a folder of them');
  let args: unknown;
  const rawArgs = value(parsed, 'args');
  if (rawArgs !== undefined) {
    try {
      args = JSON.parse(rawArgs);
    } catch (e) {
      throw new UsageError(`--args must be JSON (${(e as Error).message}), e.g. --args '{"path":"README.md"}'`);
    }
  }
  const json = flag(parsed, 'json');
  const report = await execCommand(dirs, command, args, ctx.cwd, { ...options, audit: value(parsed, 'audit'), log: (line) => ctx.stderr(line + '\n') });
  if (json) {
    ctx.stdout(JSON.stringify(report, null, 2) + '\n');
  } else if (report.ok) {
    ctx.stdout((typeof report.result === 'string' ? report.result : JSON.stringify(report.result, null, 2)) + '\n');
  } else {
    const { error } = report;
    ctx.stderr(`symphony exec: ${error.code}: ${error.message}\n`);
    for (const d of report.diagnostics ?? []) ctx.stderr(`  ${d}\n`);
  }
  return report.ok ? ExitCode.ok : ExitCode.failed;
}
