import path from 'node:path';
import { discoverExtensions, type ExtensionRoot } from '../../core/extensions/discover-extensions';
import { resolveDependencies, type ExtensionProblem } from '../../core/extensions/resolve-dependencies';
import { type CliContext, ExitCode, UsageError, type Verb } from '../cli-context';
import { flag, parseArgs, values } from '../parse-args';

/** One row of `symphony extensions list --json`. */
export interface ListedExtension {
  id: string;
  version: string | null;
  kind: 'ide' | 'aide' | null;
  type: string | null;
  state: 'Loaded' | 'Failed';
  source: string;
  dir: string;
  /** Position in loadOrder, or null when it cannot load. */
  order: number | null;
  commands: string[];
}

export interface ExtensionsReport {
  extensions: ListedExtension[];
  loadOrder: string[];
  problems: ExtensionProblem[];
}

/** Discovery and dependency resolution over the given folders, as the CLI and tests see it. */
export function listExtensions(dirs: string[]): ExtensionsReport {
  const roots: ExtensionRoot[] = dirs.map((dir) => ({ dir: path.resolve(dir), source: 'dir' }));
  const resolution = resolveDependencies(discoverExtensions(roots));
  const position = new Map(resolution.loadOrder.map((id, i) => [id, i]));
  return {
    extensions: resolution.extensions.map((e) => ({
      id: e.id,
      version: e.manifest?.version ?? null,
      kind: e.manifest?.kind ?? null,
      type: e.manifest?.type ?? null,
      state: position.has(e.id) ? 'Loaded' : 'Failed',
      source: e.source,
      dir: e.dir,
      order: position.get(e.id) ?? null,
      commands: e.manifest?.commands.map((c) => c.id) ?? [],
    })),
    loadOrder: resolution.loadOrder,
    problems: resolution.problems,
  };
}

export const extensions: Verb = {
  summary: 'list Symphony extensions in folders, in load order, with dependency problems',
  usage: 'symphony extensions list [--dir DIR]… [--json]',
  async run(ctx: CliContext) {
    const args = parseArgs(ctx.args, ['json'], ['dir']);
    const [sub, ...rest] = args.positional;
    if (sub !== 'list') throw new UsageError(sub ? `unknown subcommand "${sub}"; did you mean "list"?` : 'say what to do: "list"');
    const dirs = [...values(args, 'dir'), ...rest];
    if (!dirs.length) dirs.push(path.join(ctx.cwd, '.symphony', 'extensions'));
    const report = listExtensions(dirs.map((d) => path.resolve(ctx.cwd, d)));
    const failed = report.problems.some((p) => p.severity === 'error');
    if (flag(args, 'json')) {
      ctx.stdout(JSON.stringify(report, null, 2) + '\n');
    } else {
      if (!report.extensions.length) ctx.stdout(`no Symphony extensions found in ${dirs.join(', ')}\n`);
      for (const e of [...report.extensions].sort((a, b) => (a.order ?? 1e9) - (b.order ?? 1e9) || a.id.localeCompare(b.id))) {
        ctx.stdout(`${e.order === null ? ' -' : String(e.order + 1).padStart(2)}  ${e.id.padEnd(24)} ${String(e.version ?? '?').padEnd(10)} ${(e.kind ?? '?').padEnd(5)} ${(e.type ?? '').padEnd(11)} ${e.state}\n`);
      }
      for (const p of report.problems) ctx.stdout(`${p.severity} ${p.code}: ${p.message}\n`);
    }
    return failed ? ExitCode.failed : ExitCode.ok;
  },
};
