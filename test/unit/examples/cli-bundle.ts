// The `symphony` command line as it ships: src/cli/main.ts bundled the way esbuild.mjs bundles
// dist/cli.js (one CommonJS file for Node 20, lazily loaded modules and SQLite's WebAssembly in vendor/, the sandbox
// worker beside it, the Python runtime in operators/ above it, as the extension package lays them
// out), built fresh into a temp folder with no node_modules above it, so a stale or missing dist/
// cannot make the example tests pass or fail.
import { execFile } from 'node:child_process';
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lazyModuleBundles, lazyModulesPlugin } from '../../../scripts/lib/lazy-modules.mjs';
import { copyWorker } from '../core/sandbox/worker-bundle';
import { REPO_ROOT } from './examples-workspace';
import type { CliResult } from './examples-workspace';

let built: Promise<string> | undefined;

/** The path of a freshly built cli.js (built once per test process). */
export function buildCli(): Promise<string> {
  built ??= (async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-cli-'));
    const dir = path.join(root, 'dist');
    const outfile = path.join(dir, 'cli.js');
    const node: esbuild.BuildOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'error', absWorkingDir: REPO_ROOT, plugins: [lazyModulesPlugin] };
    await esbuild.build({ ...node, entryPoints: [path.join(REPO_ROOT, 'src/cli/main.ts')], outfile });
    // The PostgreSQL client and the Code node's QuickJS runner ship as their own files.
    for (const lazy of lazyModuleBundles(node, dir)) await esbuild.build(lazy.options);
    fs.mkdirSync(path.join(dir, 'vendor'), { recursive: true });
    for (const f of ['sql-wasm.js', 'sql-wasm.wasm']) fs.copyFileSync(path.join(REPO_ROOT, 'node_modules/sql.js/dist', f), path.join(dir, 'vendor', f));
    // Sub-extension code runs in sandbox children started from the worker next to the CLI.
    await copyWorker(dir);
    for (const pkg of ['symphony_runtime', 'symphony_sdk']) {
      fs.cpSync(path.join(REPO_ROOT, 'operators', pkg), path.join(root, 'operators', pkg), { recursive: true, filter: (src) => path.basename(src) !== '__pycache__' });
    }
    process.once('exit', () => fs.rmSync(root, { recursive: true, force: true }));
    return outfile;
  })();
  return built;
}

/** Runs `node cli.js ARGV…` in `cwd` as a CI job would. */
export async function symphonyBundle(cwd: string, ...argv: string[]): Promise<CliResult> {
  const cli = await buildCli();
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...argv], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
