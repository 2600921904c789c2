// Shared setup of the example tests: a fresh copy of examples/ per test (runs write out/ and
// .symphony/runs/, which must never land in the repository), and the `symphony` command line run
// in process exactly as the bundle runs it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JsonObject } from '../../../src/core/operators/operator';
import { main } from '../../../src/cli/main';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const EXAMPLES = path.join(REPO_ROOT, 'examples');

/** What runs leave behind (a developer may have run the examples in place): never copied. */
const GENERATED = [path.join(EXAMPLES, 'out'), path.join(EXAMPLES, '.symphony', 'runs')];
const SKIPPED_NAMES = new Set(['node_modules', '__pycache__']);

/** A throwaway copy of examples/ (or of `dir`), removed by `cleanup`. */
export interface ExampleWorkspace {
  dir: string;
  cleanup(): void;
}

export function copyExamples(into?: string): ExampleWorkspace {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-examples-')));
  const dir = into ? path.join(root, into) : root;
  fs.cpSync(EXAMPLES, dir, { recursive: true, filter: (src) => !GENERATED.includes(src) && !SKIPPED_NAMES.has(path.basename(src)) });
  return { dir, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** Output of one `symphony` call. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `symphony ARGV…` in process with `cwd` as its working folder. */
export async function symphony(cwd: string, ...argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** `symphony run --json` as data. */
export interface RunJson {
  status: string;
  nodes: Record<string, { state: string; outputs: JsonObject[][]; error?: { code: string; message: string } }>;
  diagnostics?: Array<{ severity: string; code: string; message: string }>;
}

/** Runs a melody with `--json` and returns the parsed run, failing with the CLI's output when it is not JSON. */
export async function runMelody(cwd: string, file: string, ...extra: string[]): Promise<RunJson & { code: number; stderr: string }> {
  const result = await symphony(cwd, 'run', file, '--json', ...extra);
  let run: RunJson;
  try {
    run = JSON.parse(result.stdout) as RunJson;
  } catch {
    throw new Error(`symphony run ${file} printed no JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  return { ...run, code: result.code, stderr: result.stderr };
}

/** The output items of every node, port by port: what the assertions compare. */
export function itemsByNode(run: RunJson): Record<string, JsonObject[][]> {
  return Object.fromEntries(Object.entries(run.nodes).map(([id, node]) => [id, node.outputs]));
}

/** A failure message that shows the node errors, so a failing example says why. */
export function describeRun(run: RunJson): string {
  const failed = Object.entries(run.nodes).filter(([, n]) => n.error).map(([id, n]) => `${id}: ${n.error!.code}: ${n.error!.message}`);
  return `run ${run.status}${failed.length ? `\n  ${failed.join('\n  ')}` : ''}${run.diagnostics?.length ? `\n  ${run.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n  ')}` : ''}`;
}

/** The melody files of the sample workspace, relative to it (broken/ included). */
export function exampleMelodies(): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(EXAMPLES, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && entry.name !== 'out' && !SKIPPED_NAMES.has(entry.name) && !entry.name.startsWith('.')) walk(child);
      else if (entry.isFile() && entry.name.endsWith('.melody')) found.push(child);
    }
  };
  walk('');
  return found.sort();
}
